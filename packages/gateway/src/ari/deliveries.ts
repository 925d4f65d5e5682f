import { randomUUID } from 'node:crypto';
import type { DeliveryReport } from '@messagesend/core';

/** What GET /ari/messagesend/deliveries/{id} answers (an extension: Asterisk's 202 says nothing more). */
export interface DeliveryRecord {
  message_id: string;
  destination: string;
  /** `pending` until the technology's delivery report settles. */
  outcome: DeliveryReport['outcome'] | 'pending';
  code?: number | string;
  detail?: string;
  elapsed_ms?: number;
}

/**
 * The delivery reports of recent sends, by message id. Bounded: the oldest are forgotten first, so
 * a flood of sends cannot grow memory without end (their GET then answers 404).
 */
export class Deliveries {
  private readonly records = new Map<string, DeliveryRecord>();

  constructor(private readonly limit = 10_000) {}

  track(
    destination: string,
    delivery: Promise<DeliveryReport>,
    settled: (record: DeliveryRecord) => void,
  ): string {
    const id = randomUUID();
    const record: DeliveryRecord = { message_id: id, destination, outcome: 'pending' };
    this.records.set(id, record);
    if (this.records.size > this.limit) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
    void delivery.then(
      (report) => {
        record.outcome = report.outcome;
        if (report.code !== undefined) record.code = report.code;
        if (report.detail !== undefined) record.detail = report.detail;
        record.elapsed_ms = report.elapsedMs;
        settled(record);
      },
      // The router's delivery promise never rejects; this keeps a broken technology from leaving it pending.
      (error: unknown) => {
        record.outcome = 'error';
        record.detail = String(error);
        settled(record);
      },
    );
    return id;
  }

  get(id: string): DeliveryRecord | undefined {
    return this.records.get(id);
  }
}
