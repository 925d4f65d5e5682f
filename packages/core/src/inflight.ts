/** The sends a router (or stack) has accepted and not yet settled, so close() can wait for them. */
export interface Inflight {
  /** Keeps `work` until it settles (it must never reject). */
  add(work: Promise<unknown>): void;
  readonly size: number;
  /** Resolves when everything added so far has settled, or after `ms`, whichever is first. */
  drain(ms: number): Promise<void>;
}

export function createInflight(): Inflight {
  const pending = new Set<Promise<unknown>>();
  return {
    add(work) {
      pending.add(work);
      const forget = (): void => {
        pending.delete(work);
      };
      work.then(forget, forget);
    },
    get size() {
      return pending.size;
    },
    drain(ms) {
      if (pending.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, ms));
        Promise.allSettled([...pending]).then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
