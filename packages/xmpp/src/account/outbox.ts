import { type DeliveryReport, type SendDeadline, unwatchDeadline, watchDeadline } from '@messagesend/core';
import type { Element } from '@xmpp/xml';
import { deadlineReport } from './reports.js';

export type Report = Omit<DeliveryReport, 'elapsedMs'>;

/** One message from its send to its report. */
export interface Pending {
  id: string;
  stanza: Element;
  /** Serialized size, counted against queueByteLimit while the message waits unsent. */
  bytes: number;
  settle(report: Report): void;
  /** Settles with what is known when the send's deadline ends, in that turn. */
  settleAtDeadline(deadline: SendDeadline): void;
  /** Written to a stream at least once: from then on it may have arrived. */
  written: boolean;
  /** Broken streams on which it was the oldest unacknowledged message: the likeliest cause. */
  breaks: number;
  acked?: boolean;
  /** The stream error that ended the last stream it was unacknowledged on, for its report. */
  streamError?: string;
}

export interface OutboxLimits {
  /** The account, named in a refusal. */
  name: string;
  queueLimit: number;
  queueByteLimit: number;
}

/**
 * One message in the outbox. A class, not an object of closures: thousands in flight each cost a
 * small object. The entry itself watches the deadline (watchDeadline), not its signal: reading
 * the signal makes an AbortController per send, and a listener and its removal are two closures.
 */
class OutboxEntry implements Pending {
  written = false;
  breaks = 0;
  acked?: boolean;
  streamError?: string;
  private watched: SendDeadline | undefined;
  private settled = false;

  constructor(
    readonly id: string,
    readonly stanza: Element,
    readonly bytes: number,
    private readonly outbox: Outbox,
    private readonly resolve: (report: Report) => void,
  ) {}

  settle(report: Report): void {
    if (this.settled) return;
    this.settled = true;
    if (this.watched) unwatchDeadline(this.watched, this);
    this.watched = undefined;
    this.outbox.remove(this);
    this.resolve(report);
  }

  settleAtDeadline(deadline: SendDeadline): void {
    // Told at once when the deadline has already ended.
    watchDeadline(deadline, this);
    if (!this.settled) this.watched = deadline;
  }

  /** @internal The deadline's call (see settleAtDeadline). */
  onDeadlineEnd(): void {
    this.settle(deadlineReport(this));
  }
}

/**
 * An account's unreported messages: those waiting for a connection (the outage queue, bounded by
 * queueLimit and queueByteLimit, with messages to resend first) and those written and not yet
 * reported, by stanza id. A message leaves both when it settles.
 */
export class Outbox {
  private readonly queue: Pending[] = [];
  private readonly inflight = new Map<string, Pending>();

  constructor(private readonly limits: OutboxLimits) {}

  /** Why a message of `bytes` cannot wait for the reconnect, or undefined when it fits the limits. */
  refusal(bytes: number): string | undefined {
    const { name, queueLimit, queueByteLimit } = this.limits;
    const unsent = this.queue.filter((pending) => !pending.written);
    const held = unsent.reduce((sum, pending) => sum + pending.bytes, 0);
    if (unsent.length < queueLimit && held + bytes <= queueByteLimit) return undefined;
    return `${unsent.length} messages (${held} bytes) already wait for account ${name} to reconnect (limits ${queueLimit} messages, ${queueByteLimit} bytes)`;
  }

  /** A message whose settle() takes it out of the outbox and resolves its report. */
  create(id: string, stanza: Element, bytes: number, resolve: (report: Report) => void): Pending {
    return new OutboxEntry(id, stanza, bytes, this, resolve);
  }

  /** Takes a settled message out (waiting or in flight). */
  remove(pending: Pending): void {
    if (this.inflight.get(pending.id) === pending) this.inflight.delete(pending.id);
    else if (this.queue.length > 0) {
      const queued = this.queue.indexOf(pending);
      if (queued >= 0) this.queue.splice(queued, 1);
    }
  }

  /** Waits for a connection, behind the others. */
  hold(pending: Pending): void {
    this.queue.push(pending);
  }

  /** Wait for a connection, ahead of the others (resent first, in order). */
  holdFirst(pendings: readonly Pending[]): void {
    this.queue.unshift(...pendings);
  }

  /** Every waiting message, in order, taken out of the queue to be written. */
  takeHeld(): Pending[] {
    return this.queue.splice(0);
  }

  /** Being written: from now on a stanza with its id (an ack, an error, a receipt) settles it. */
  writing(pending: Pending): void {
    pending.written = true;
    this.inflight.set(pending.id, pending);
  }

  /** The written, unreported message with this stanza id. */
  inflightById(id: string): Pending | undefined {
    return this.inflight.get(id);
  }

  /** Written messages the server has not acknowledged, in order (they stay in flight). */
  unacked(): Pending[] {
    return [...this.inflight.values()].filter((pending) => !pending.acked);
  }

  /** Written messages the server has not acknowledged, in order, taken out of the in-flight set. */
  takeUnacked(): Pending[] {
    const unacked = [...this.inflight.values()].filter((pending) => !pending.acked);
    for (const pending of unacked) this.inflight.delete(pending.id);
    return unacked;
  }

  /** Every unreported message: waiting, then in flight. */
  unreported(): Pending[] {
    return [...this.queue, ...this.inflight.values()];
  }
}
