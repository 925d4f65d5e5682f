/**
 * Races `promise` against a deadline. The timer is created only if the promise is still pending
 * after the current microtask queue drains, so already-settled work (the common fast path) costs
 * no timer at all; the timer is unref'd so it never keeps a process alive.
 */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => T,
  onReject: (error: unknown) => T,
): Promise<T> {
  return new Promise<T>((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (value: T): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(value);
    };
    promise.then(finish, (error: unknown) => finish(onReject(error)));
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
