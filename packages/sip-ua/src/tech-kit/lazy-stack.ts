import type { TechSendOutcome } from '@messagesend/core';
import { SipReason } from '../mechanics/errors.js';
import { type SipStack, type SipStackOptions, startSipStack } from '../mechanics/stack/stack.js';

/** FAILURE for a send whose bound ended while the stack was still starting: nothing was sent. */
export function stackStartTimedOut(timeoutMs: number): TechSendOutcome {
  return {
    status: 'FAILURE',
    reason: SipReason.Timeout,
    detail: `the SIP transports were still starting when the ${timeoutMs} ms bound ended; nothing was sent`,
  };
}

/** A stack started on first use (or by start()), restartable after a failed start, closed once. */
export interface LazyStack {
  get(): Promise<SipStack>;
  /**
   * The stack, or undefined if `deadline` aborts before it has started (the send's bound ended
   * while binding): the caller reports its own timeout instead of sending late.
   */
  getBefore(deadline: AbortSignal | undefined): Promise<SipStack | undefined>;
  /** The running stack, if it has started. */
  readonly current: SipStack | undefined;
  /** Closes the stack (see SipStack.close: sends in flight get `graceMs` to finish). */
  close(options?: { graceMs?: number }): Promise<void>;
}

export function lazyStack(options: () => SipStackOptions): LazyStack {
  let pending: Promise<SipStack> | undefined;
  let current: SipStack | undefined;
  const lazy: LazyStack = {
    getBefore(deadline) {
      if (current || !deadline) return lazy.get();
      if (deadline.aborted) return Promise.resolve(undefined);
      return new Promise((resolve, reject) => {
        const expire = (): void => resolve(undefined);
        deadline.addEventListener('abort', expire, { once: true });
        lazy.get().then(
          (stack) => {
            deadline.removeEventListener('abort', expire);
            resolve(stack);
          },
          (error: unknown) => {
            deadline.removeEventListener('abort', expire);
            reject(error);
          },
        );
      });
    },
    get() {
      if (current) return Promise.resolve(current);
      pending ??= startSipStack(options()).then(
        (stack) => {
          current = stack;
          return stack;
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
    get current() {
      return current;
    },
    async close(closeOptions) {
      const running = pending;
      pending = undefined;
      current = undefined;
      if (running) await (await running.catch(() => undefined))?.close(closeOptions);
    },
  };
  return lazy;
}
