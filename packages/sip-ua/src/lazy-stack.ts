import { type SipStack, type SipStackOptions, startSipStack } from './stack.js';

/** A stack started on first use (or by start()), restartable after a failed start, closed once. */
export interface LazyStack {
  get(): Promise<SipStack>;
  /** The running stack, if it has started. */
  readonly current: SipStack | undefined;
  /** Closes the stack (see SipStack.close: sends in flight get `graceMs` to finish). */
  close(options?: { graceMs?: number }): Promise<void>;
}

export function lazyStack(options: () => SipStackOptions): LazyStack {
  let pending: Promise<SipStack> | undefined;
  let current: SipStack | undefined;
  return {
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
}
