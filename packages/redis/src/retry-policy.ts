import { type DeliveryReport, Reason, type SendResult } from '@messagesend/core';
import { PjsipReason } from '@messagesend/pjsip';
import { SipReason } from '@messagesend/sip-ua';
import { XmppReason } from '@messagesend/xmpp';

/** When and how a failed send is tried again. */
export interface RetryPolicy {
  /** Sends at most (default 5). */
  maxAttempts: number;
  /** A message older than this (since enqueue) is not tried again (default 1 hour). */
  maxAgeMs: number;
  /** First backoff (default 1 000 ms), doubled each attempt, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Part of each delay drawn at random, 0..1 (default 0.5), so retries of a burst spread out. */
  jitter: number;
  /** SIP status codes (or XMPP conditions) in a rejection that are tried again. */
  retryCodes: (number | string)[];
  /** Send reasons that are tried again (a timeout, a reconnecting XMPP account). */
  retryReasons: string[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxAgeMs: 3_600_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: 0.5,
  retryCodes: [408, 480, 500, 503],
  // A timeout anywhere, and an XMPP account that is reconnecting.
  retryReasons: [Reason.TechTimeout, Reason.DeliveryTimeout, SipReason.Timeout, XmppReason.NotConnected],
};

export type RetryPolicyInput = Partial<RetryPolicy>;

export function mergePolicy(...layers: (RetryPolicyInput | undefined)[]): RetryPolicy {
  let policy = { ...DEFAULT_RETRY_POLICY };
  for (const layer of layers) if (layer) policy = { ...policy, ...definedOnly(layer) };
  return policy;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type Verdict =
  | { kind: 'delivered' }
  | { kind: 'retry' }
  | { kind: 'final' }
  /** No registered contact: kept for store-and-forward when the caller opted in. */
  | { kind: 'no-contact' };

/** The reason the pjsip technology gives when an endpoint has no registered contact. */
export const NO_CONTACT_REASON: string = PjsipReason.NoContact;

/** What to do with one attempt's result: 403, 404, 415, 488 and INVALID_URI are final at once. */
export function classify(result: SendResult, report: DeliveryReport, policy: RetryPolicy): Verdict {
  if (result.status === 'SUCCESS' && report.outcome === 'delivered') return { kind: 'delivered' };
  if (result.status === 'INVALID_URI' || result.status === 'INVALID_PROTOCOL') return { kind: 'final' };
  if (result.reason === NO_CONTACT_REASON) return { kind: 'no-contact' };
  if (report.outcome === 'timeout') return { kind: 'retry' };
  if (report.code !== undefined && policy.retryCodes.includes(report.code)) return { kind: 'retry' };
  if (report.outcome === 'rejected') return { kind: 'final' };
  if (result.reason !== undefined && policy.retryReasons.includes(result.reason)) return { kind: 'retry' };
  if (typeof report.code === 'string' && policy.retryReasons.includes(report.code)) return { kind: 'retry' };
  return { kind: 'final' };
}

/** Exponential backoff with jitter: attempt 1 waits about baseDelayMs, each next one twice as long. */
export function backoffDelay(attemptsMade: number, policy: RetryPolicy, random = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(full * (1 - policy.jitter) + full * policy.jitter * random());
}
