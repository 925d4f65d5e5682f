/**
 * One bound for one send. The router creates it and hands it to the technology, so a single timer
 * decides when the send has run out of time and the technology that honours it owns the outcome
 * (two timers with the same deadline would race and the report's code would depend on which won).
 */
export interface SendDeadline {
  /** `performance.now()` at which the bound ends. */
  readonly at: number;
  /** Aborts when the bound ends; its reason is a DOMException named `TimeoutError`. */
  readonly signal: AbortSignal;
  /** Milliseconds left (0 once it has ended). */
  remainingMs(): number;
}

export interface OwnedDeadline extends SendDeadline {
  /** Clears the timer: the send is over. A disposed deadline never aborts. */
  dispose(): void;
}

/**
 * A deadline `timeoutMs` after `start`. Its timer is created only when someone reads `signal`, so a
 * send that settles at once costs no timer; the timer is unref'd so it never keeps a process alive.
 */
export function createDeadline(timeoutMs: number, start = performance.now()): OwnedDeadline {
  const at = start + Math.max(0, timeoutMs);
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  return {
    at,
    get signal() {
      if (controller) return controller.signal;
      const made = new AbortController();
      controller = made;
      const expire = (): void =>
        made.abort(new DOMException(`the send's ${timeoutMs} ms bound ended`, 'TimeoutError'));
      const left = at - performance.now();
      if (!disposed && left <= 0) expire();
      else if (!disposed) {
        timer = setTimeout(expire, left);
        timer.unref?.();
      }
      return made.signal;
    },
    remainingMs: () => Math.max(0, at - performance.now()),
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** True when `signal` aborted because a deadline ended (not because a caller aborted it). */
export function isDeadlineAbort(signal: AbortSignal | undefined): boolean {
  return (
    signal?.aborted === true && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError'
  );
}

/**
 * One switch many pending sends wait on (the router's "closed, stop waiting"). A Set of callbacks
 * rather than an AbortSignal: thousands of sends would trip Node's listener-leak warning.
 */
export interface Stopper {
  readonly stopped: boolean;
  /** Calls `listener` on stop() (at once if already stopped); returns its removal. */
  add(listener: () => void): () => void;
  stop(): void;
}

export function createStopper(): Stopper {
  const listeners = new Set<() => void>();
  let stopped = false;
  return {
    get stopped() {
      return stopped;
    },
    add(listener) {
      if (stopped) {
        listener();
        return noop;
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      for (const listener of [...listeners]) listener();
      listeners.clear();
    },
  };
}

export interface SettleHandlers<T, R> {
  map(value: T): R;
  onReject(error: unknown): R;
  /** The deadline ended and the work had not settled. */
  onExpiry(): R;
  /** `stop` aborted first (the router is closing and gave up waiting). */
  onStop?(): R;
}

/**
 * Settles with `work`'s (mapped) value, or with `onExpiry()` when the deadline ends first. The
 * fallback waits one macrotask after the expiry: a technology that honours the deadline reports
 * its own timeout in the same turn (microtasks), so its report, with its code, always wins, and the
 * fallback only covers a technology that ignores the deadline.
 */
export function settleWithin<T, R>(
  work: Promise<T>,
  deadline: SendDeadline,
  handlers: SettleHandlers<T, R>,
  stop?: Stopper,
): Promise<R> {
  return new Promise<R>((resolve) => {
    let settled = false;
    const detach: (() => void)[] = [];
    const finish = (value: () => R): void => {
      if (settled) return;
      settled = true;
      for (const undo of detach) undo();
      let result: R;
      try {
        result = value();
      } catch (error) {
        result = handlers.onReject(error);
      }
      resolve(result);
    };
    work.then(
      (value) => finish(() => handlers.map(value)),
      (error: unknown) => finish(() => handlers.onReject(error)),
    );
    // Already-settled work (the common fast path) never touches the deadline's timer.
    queueMicrotask(() => {
      if (settled) return;
      detach.push(
        onAbort(deadline.signal, () => {
          const fallback = setTimeout(() => finish(handlers.onExpiry), 0);
          detach.push(() => clearTimeout(fallback));
        }),
      );
      const onStop = handlers.onStop;
      if (stop && onStop) detach.push(stop.add(() => finish(onStop)));
    });
  });
}

/** Calls `listener` when `signal` aborts (at once if it already has). Returns a detach function. */
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
