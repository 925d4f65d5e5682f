import { type DeadlineOwner, type OwnedDeadline, onAbort } from '../deadline.js';
import type { Stopper, StopWatcher } from '../stopper.js';

/**
 * How a wait ends, given the bound (its technology, timeout and start) instead of closing over
 * them: the handlers are module constants, not closures per wait.
 */
export interface BoundHandlers<T, R> {
  map(value: T, bound: SendBound): R;
  onReject(error: unknown, bound: SendBound): R;
  /** The deadline ended and the work had not settled. */
  onExpiry(bound: SendBound): R;
  /** The router stopped waiting (it is closing). */
  onStop?(bound: SendBound): R;
  /** The caller's signal (given to within()) aborted first. */
  onAbort?(bound: SendBound): R;
  /** The send's last wait (its delivery report): once it settles, the send is over. */
  last?: true;
}

/**
 * One wait of a send: the technology's send(), then its delivery report. A class whose two
 * callbacks on the work are its own fields: no executor closure and no separate record per wait.
 */
class Waiter<T, R> {
  settled = false;
  /** Removes the listener on the caller's signal, when the wait has one. */
  detachAbort: (() => void) | undefined = undefined;
  readonly resolve: (value: R | PromiseLike<R>) => void;
  readonly promise: Promise<R>;
  readonly onValue = (value: T): void => this.bound.finish(this, 'map', value);
  readonly onError = (error: unknown): void => this.bound.finish(this, 'reject', error);

  constructor(
    readonly bound: SendBound,
    readonly handlers: BoundHandlers<T, R | PromiseLike<R>>,
  ) {
    this.promise = new Promise<R>(captureResolve);
    this.resolve = captured as (value: R | PromiseLike<R>) => void;
    captured = undefined;
  }
}

// The wait's resolve, taken by a shared executor: no executor closure per wait.
let captured: ((value: never) => void) | undefined;
function captureResolve(resolve: (value: never) => void): void {
  captured = resolve;
}

type Ending = 'map' | 'reject' | 'expiry' | 'stop' | 'abort';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The bound of one send's two waits, one after the other: its technology's send(), then its
 * delivery report. Each wait settles with the work's mapped value; or `onExpiry` one macrotask
 * after the deadline ends, so a technology that honours the deadline reports its own timeout (in
 * that turn's microtasks) first and its code wins; or `onStop` when the router stops waiting; or
 * `onAbort` when the caller's signal aborts. One watch on the deadline and one on the stopper for
 * the whole send, not one pair per wait, and none at all for work that has already settled.
 */
export class SendBound implements DeadlineOwner, StopWatcher {
  private waiting: Waiter<unknown, unknown> | undefined;
  private watching = false;
  private ended = false;
  private fallback: ReturnType<typeof setTimeout> | undefined;
  private waitsForReport = false;
  private over = false;
  /** @internal The stopper's links (see StopWatcher), declared so every bound has one shape. */
  stopPrev: StopWatcher | undefined = undefined;
  stopNext: StopWatcher | undefined = undefined;
  stopListed = false;

  constructor(
    readonly deadline: OwnedDeadline,
    private readonly stopped: Stopper,
    /** The technology's name, the send's bound and its start, for the handlers' words. */
    readonly techName: string,
    readonly timeoutMs: number,
    readonly started: number,
    /** Called once when the send is over (its report settled, or it never had one to wait for). */
    private readonly onOver: () => void,
  ) {}

  /** True once the delivery report's wait has begun: the send ends when it settles. */
  get waitsForDelivery(): boolean {
    return this.waitsForReport;
  }

  /**
   * The send is over: the listeners and the deadline's timer go, and `onOver` is told, once. Called
   * by the bound itself when the report settles (no then() per send to learn it), or by the router
   * for a send without a report to wait for.
   */
  end(): void {
    if (this.over) return;
    this.over = true;
    this.dispose();
    this.onOver();
  }

  /**
   * Settles with `work`'s mapped value, or with the handlers' value for how the wait ended instead:
   * the deadline, the router's stop, or `signal` (the caller's) aborting. A handler may return a
   * promise, which the wait adopts.
   */
  within<T, R>(
    work: Promise<T>,
    handlers: BoundHandlers<T, R | PromiseLike<R>>,
    signal?: AbortSignal,
  ): Promise<R> {
    if (handlers.last) this.waitsForReport = true;
    const waiter = new Waiter<T, R>(this, handlers);
    work.then(waiter.onValue, waiter.onError);
    if (signal !== undefined)
      waiter.detachAbort = onAbort(signal, () => this.finish(waiter, 'abort', undefined));
    // Work that settles in this turn (the common fast path) never touches the deadline's timer.
    // The second wait finds the watch in place: it is watched now, with no extra turn. A then()
    // on a resolved promise, not queueMicrotask(): Node wraps each queueMicrotask callback in an
    // async resource, which costs more than the promise. (Measured: watching at once cost a send
    // that settles in this turn 0.3 µs, and one queue of first waits flushed by a single then()
    // as much: its array is emptied and grown again on every send.)
    if (this.watching) this.watch(waiter as Waiter<unknown, unknown>);
    else RESOLVED.then(() => this.watch(waiter as Waiter<unknown, unknown>));
    return waiter.promise;
  }

  /** The listeners go, and the deadline's timer with them. */
  private dispose(): void {
    this.waiting = undefined;
    if (this.watching) this.stopped.unwatch(this);
    this.clearFallback();
    this.deadline.dispose();
  }

  private watch(waiter: Waiter<unknown, unknown>): void {
    if (waiter.settled) return;
    this.waiting = waiter;
    if (!this.watching) {
      this.watching = true;
      // Either may call back at once (a deadline already ended, a router already stopped). As
      // objects: no closure and no removal function per send.
      this.deadline.watchEnd(this);
      this.stopped.watch(this);
      return;
    }
    // The second wait: what happened while the first was waiting applies to it as well.
    if (this.ended) this.armFallback();
    if (this.stopped.stopped) this.onStop();
  }

  /** @internal The deadline's call (see OwnedDeadline.watchEnd). */
  onDeadlineEnd(): void {
    this.ended = true;
    if (this.waiting && !this.waiting.settled) this.armFallback();
  }

  /** @internal The stopper's call (see Stopper.watch). */
  onStop(): void {
    const waiter = this.waiting;
    if (waiter && !waiter.settled && waiter.handlers.onStop) this.finish(waiter, 'stop', undefined);
  }

  private armFallback(): void {
    if (this.fallback !== undefined) return;
    this.fallback = setTimeout(() => {
      this.fallback = undefined;
      const waiter = this.waiting;
      if (waiter && !waiter.settled) this.finish(waiter, 'expiry', undefined);
    }, 0);
  }

  private clearFallback(): void {
    if (this.fallback === undefined) return;
    clearTimeout(this.fallback);
    this.fallback = undefined;
  }

  /** @internal How a wait ends (its work settled, or the deadline, stop or abort came first). */
  finish<T, R>(waiter: Waiter<T, R>, ending: Ending, value: unknown): void {
    if (waiter.settled) return;
    waiter.settled = true;
    waiter.detachAbort?.();
    if (this.waiting === (waiter as Waiter<unknown, unknown>)) {
      this.waiting = undefined;
      this.clearFallback();
    }
    const { handlers } = waiter;
    let result: R | PromiseLike<R>;
    try {
      if (ending === 'map') result = handlers.map(value as T, this);
      else if (ending === 'reject') result = handlers.onReject(value, this);
      else if (ending === 'expiry') result = handlers.onExpiry(this);
      else if (ending === 'abort') result = handlers.onAbort!(this);
      else result = handlers.onStop!(this);
    } catch (error) {
      result = handlers.onReject(error, this);
    }
    waiter.resolve(result);
    if (handlers.last) this.end();
  }
}
