/**
 * Sends accepted and not yet over (the router's until their delivery report settles, a SIP
 * stack's until their final outcome), counted rather than kept as promises (a promise chain per
 * send only to learn when it ended costs three promises): close() waits until the count is back
 * to zero, or for its grace, whichever is first.
 */
export interface SendsInFlight {
  begin(): void;
  end(): void;
  readonly size: number;
  /** Resolves once no send is in flight, or after `ms`. */
  drain(ms: number): Promise<void>;
}

// The methods use no `this`: a send hands `end` on as it is (see dispatch.ts), no closure per send.
export function createSendsInFlight(): SendsInFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    begin() {
      count++;
    },
    end() {
      count--;
      if (count > 0 || waiters.length === 0) return;
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    get size() {
      return count;
    },
    drain(ms) {
      if (count === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          waiters = waiters.filter((waiter) => waiter !== wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, ms));
        waiters.push(wake);
      });
    },
  };
}
