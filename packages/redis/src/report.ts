import type { DeliveryOutcome, SendStatus } from '@messagesend/core';

/** The final state of a queued message. */
export type FinalState = 'delivered' | 'failed' | 'stored' | 'expired';

/** What finally happened to a queued message, kept in Redis and readable by id from any process. */
export interface FinalReport {
  id: string;
  state: FinalState;
  destination: string;
  /** The last attempt's MESSAGE_SEND_STATUS. */
  status?: SendStatus;
  outcome?: DeliveryOutcome;
  reason?: string;
  code?: number | string;
  detail?: string;
  attempts: number;
  enqueuedAt: number;
  finishedAt: number;
  /** A stored message is kept until then; past it, the report reads `expired`. */
  storedUntil?: number;
}

/** A message not final yet. */
export interface PendingReport {
  id: string;
  state: 'queued' | 'sending' | 'retrying';
  attempts: number;
}

export type QueueReport = FinalReport | PendingReport;
