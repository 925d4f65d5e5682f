/**
 * Races `promise` against a deadline. The timer is created only if the promise is still pending
 * after the current microtask queue drains, so already-settled work (the common fast path) costs
 * no timer at all; the timer is unref'd so it never keeps a process alive.
 */
export function withDeadline<T, R = T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => R,
  onReject: (error: unknown) => R,
  map: (value: T) => R = (value) => value as unknown as R,
): Promise<R> {
  return new Promise<R>((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (value: R): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(value);
    };
    promise.then(
      (value) => {
        let mapped: R;
        try {
          mapped = map(value);
        } catch (error) {
          mapped = onReject(error);
        }
        finish(mapped);
      },
      (error: unknown) => finish(onReject(error)),
    );
    queueMicrotask(() => {
      if (settled) return;
      timer = setTimeout(() => finish(onTimeout()), Math.max(0, ms));
      timer.unref?.();
    });
  });
}

/** Resolves with `onAbort()` when `signal` aborts; never settles otherwise. Returns a detach function. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal === undefined) return noop;
  if (signal.aborted) {
    listener();
    return noop;
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

function noop(): void {}
