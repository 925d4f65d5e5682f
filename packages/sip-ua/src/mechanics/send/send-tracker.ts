import { createInflight } from '@messagesend/core';
import { SipReason } from '../errors.js';
import type { SendHandle } from './send-types.js';

/** How long the stack's close() lets sends in flight get their final response (2 s). */
export const DEFAULT_STACK_CLOSE_GRACE_MS = 2_000;

/** The stack's sends from acceptance to final outcome, so close() flushes them instead of dropping them. */
export interface SendTracker {
  /** Starts the send unless the stack is closing (then StackClosed, nothing sent) and keeps it until its outcome. */
  add(start: () => SendHandle): SendHandle;
  /** Refuses new sends, then waits up to `graceMs` for those in flight to settle. */
  drain(graceMs: number): Promise<void>;
}

export function createSendTracker(): SendTracker {
  const inflight = createInflight();
  let draining = false;
  return {
    add(start) {
      if (draining) {
        const detail = 'the SIP stack is closing';
        return {
          dispatched: Promise.resolve({ ok: false, reason: SipReason.StackClosed, detail }),
          outcome: Promise.resolve({ kind: 'failed', reason: SipReason.StackClosed, detail, sent: false }),
        };
      }
      const handle = start();
      inflight.add(handle.outcome);
      return handle;
    },
    drain(graceMs) {
      draining = true;
      return inflight.drain(graceMs);
    },
  };
}
