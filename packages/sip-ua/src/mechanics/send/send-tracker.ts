import { createSendsInFlight } from '@messagesend/core';
import { SipReason } from '../errors.js';
import type { MappedSend, SendMapping } from './send-types.js';

/** How long the stack's close() lets sends in flight get their final response (2 s). */
export const DEFAULT_STACK_CLOSE_GRACE_MS = 2_000;

/**
 * The stack's sends from acceptance to final outcome, so close() flushes them instead of dropping
 * them. A count, told by each send when it ends: no promise kept and no then() per send.
 */
export interface SendTracker {
  /** False once the stack is closing (the send is refused, see closedSend); else counts it in. */
  begin(): boolean;
  /** A counted send is over. */
  end(): void;
  /** Sends counted in and not yet over. */
  readonly size: number;
  /** Refuses new sends, then waits up to `graceMs` for those in flight to end. */
  drain(graceMs: number): Promise<void>;
}

export function createSendTracker(): SendTracker {
  const inflight = createSendsInFlight();
  let draining = false;
  return {
    begin() {
      if (draining) return false;
      inflight.begin();
      return true;
    },
    end: inflight.end,
    get size() {
      return inflight.size;
    },
    drain(graceMs) {
      draining = true;
      return inflight.drain(graceMs);
    },
  };
}

/** A send refused because the stack is closing: StackClosed, nothing sent. */
export function closedSend<D, O, S>(mapping: SendMapping<D, O, S>, state: S): MappedSend<D, O> {
  const detail = 'the SIP stack is closing';
  const outcome = Promise.resolve(
    mapping.outcome({ kind: 'failed', reason: SipReason.StackClosed, detail, sent: false }, state),
  );
  return {
    dispatched: Promise.resolve(
      mapping.dispatched({ ok: false, reason: SipReason.StackClosed, detail }, outcome, state),
    ),
    outcome,
  };
}
