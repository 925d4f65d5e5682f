/**
 * Spaces the starts of sends to at most `perSecond` (`send --each --rate N`): the k-th start is due
 * at t0 + k/N, so a slow moment is caught up without ever exceeding the average rate. `stop()` wakes
 * every waiter at once (Ctrl-C must not wait for the next slot).
 */
export function createPacer(perSecond: number | undefined): { wait(): Promise<boolean>; stop(): void } {
  const started = Date.now();
  let slot = 0;
  let stopped = false;
  const sleepers = new Set<() => void>();
  return {
    async wait() {
      if (stopped) return false;
      if (perSecond === undefined) return true;
      const due = started + (slot++ * 1000) / perSecond;
      const delay = due - Date.now();
      if (delay > 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, delay);
          sleepers.add(wake);
        });
      }
      return !stopped;
    },
    stop() {
      stopped = true;
      for (const wake of [...sleepers]) wake();
    },
  };
}
