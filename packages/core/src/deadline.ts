import { CallbackList } from './callback-list.js';
import {
  type DeadlineQueue,
  dequeueDeadline,
  enqueueDeadline,
  type QueuedDeadline,
} from './deadline-queue.js';
import { reportLater } from './report-later.js';

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
  /**
   * Calls `listener` when the bound ends (at once if it has); returns its removal. Cheaper than a
   * listener on `signal`: no AbortController or EventTarget is made for a send that only needs the
   * callback. Optional, so a hand-made deadline still works (see {@link whenDeadlineEnds}).
   */
  onEnd?(listener: () => void): () => void;
  /**
   * Tells `watcher` when the bound ends (at once if it has), until {@link unwatch}: onEnd with an
   * object, so watching makes no closure and no removal function. Optional like onEnd (see
   * {@link watchDeadline}, which works with any deadline).
   */
  watch?(watcher: DeadlineOwner): void;
  unwatch?(watcher: DeadlineOwner): void;
}

export interface OwnedDeadline extends SendDeadline {
  onEnd(listener: () => void): () => void;
  /**
   * Tells `owner` when the bound ends (at once if it has), before any onEnd listener: the one
   * watcher the deadline's creator keeps, as an object, so watching costs no closure and no
   * removal function. A second call replaces the first; dispose() forgets it.
   */
  watchEnd(owner: DeadlineOwner): void;
  /** Stops timing it (takes it out of its queue): the send is over. A disposed deadline never aborts. */
  dispose(): void;
}

/** What {@link OwnedDeadline.watchEnd} and {@link SendDeadline.watch} tell: a method, so the owner is one object per send. */
export interface DeadlineOwner {
  onDeadlineEnd(): void;
}

/**
 * A deadline `timeoutMs` after `start`. It is timed only once someone waits on it (reads `signal`,
 * onEnd, watchEnd), so a send that settles at once is never timed; it is timed in the queue of its
 * duration (deadline-queue.ts), one unref'd timer for all of them, so it never keeps a process
 * alive and costs no Node timer of its own.
 */
export function createDeadline(timeoutMs: number, start = performance.now()): OwnedDeadline {
  return new Deadline(timeoutMs, start);
}

/** A class, not an object literal with closures: one is made per send, so it is kept cheap. */
class Deadline implements OwnedDeadline, QueuedDeadline {
  readonly at: number;
  /** @internal The duration queue's links (see deadline-queue.ts). */
  queuedIn: DeadlineQueue | undefined = undefined;
  queuedBefore: QueuedDeadline | undefined = undefined;
  queuedAfter: QueuedDeadline | undefined = undefined;
  private controller: AbortController | undefined;
  /** Listeners and watchers: the first in a field of its own (one per send is the rule), others in a list. */
  private first: Listener | undefined;
  private others: Listener[] | undefined;
  /** While end() calls them: a listener removed meanwhile is blanked here, so it is not called. */
  private ending: (Listener | undefined)[] | undefined;
  private owner: DeadlineOwner | undefined;
  private ended = false;
  private disposed = false;

  constructor(
    private readonly timeoutMs: number,
    start: number,
  ) {
    this.at = start + Math.max(0, timeoutMs);
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const made = new AbortController();
    this.controller = made;
    if (this.ended) made.abort(this.reason());
    else this.arm();
    return made.signal;
  }

  onEnd(listener: () => void): () => void {
    if (this.disposed) return noop;
    if (this.ended) {
      listener();
      return noop;
    }
    this.add(listener);
    return () => this.remove(listener);
  }

  watch(watcher: DeadlineOwner): void {
    if (this.disposed) return;
    if (this.ended) {
      watcher.onDeadlineEnd();
      return;
    }
    this.add(watcher);
  }

  unwatch(watcher: DeadlineOwner): void {
    this.remove(watcher);
  }

  private add(listener: Listener): void {
    // The field only while nothing else waits: the ones in the list were added later, so the
    // order they are told in stays the order they were added.
    if (this.first === undefined && !this.others?.length) this.first = listener;
    else if (this.others) this.others.push(listener);
    else this.others = [listener];
    this.arm();
  }

  private remove(listener: Listener): void {
    if (this.ending) {
      const at = this.ending.indexOf(listener);
      if (at >= 0) this.ending[at] = undefined;
      return;
    }
    if (this.first === listener) this.first = undefined;
    else if (this.others) {
      const at = this.others.indexOf(listener);
      if (at >= 0) this.others.splice(at, 1);
    }
  }

  watchEnd(owner: DeadlineOwner): void {
    if (this.disposed) return;
    if (this.ended) {
      owner.onDeadlineEnd();
      return;
    }
    this.owner = owner;
    this.arm();
  }

  remainingMs(): number {
    return Math.max(0, this.at - performance.now());
  }

  dispose(): void {
    this.disposed = true;
    this.first = undefined;
    this.others = undefined;
    this.owner = undefined;
    dequeueDeadline(this);
  }

  /** Times the deadline in its duration's queue (or ends it now when the bound has passed); a disposed deadline never ends. */
  private arm(): void {
    if (this.disposed || this.ended || this.queuedIn !== undefined) return;
    const left = this.at - performance.now();
    // `!(left > 0)`: a bound already passed, and one that is not a number, end now.
    if (!(left > 0)) {
      this.end();
      return;
    }
    enqueueDeadline(this, this.timeoutMs);
  }

  /** @internal The queue's call: the bound's time has come. */
  expire(): void {
    this.end();
  }

  private end(): void {
    if (this.ended || this.disposed) return;
    this.ended = true;
    this.controller?.abort(this.reason());
    const owner = this.owner;
    this.owner = undefined;
    owner?.onDeadlineEnd();
    if (this.first === undefined && this.others === undefined) return;
    // Over a copy, skipping any removed meanwhile: a listener may remove itself or another.
    const ending: (Listener | undefined)[] = this.first === undefined ? [] : [this.first];
    if (this.others) ending.push(...this.others);
    this.first = undefined;
    this.others = undefined;
    this.ending = ending;
    try {
      for (const listener of ending) {
        if (listener === undefined) continue;
        if (typeof listener === 'function') listener();
        else listener.onDeadlineEnd();
      }
    } finally {
      this.ending = undefined;
    }
  }

  private reason(): DOMException {
    return new DOMException(`the send's ${this.timeoutMs} ms bound ended`, 'TimeoutError');
  }
}

type Listener = (() => void) | DeadlineOwner;

/**
 * Tells `watcher` when `deadline` ends, until {@link unwatchDeadline}: through the deadline's own
 * watch() when it has one (the router's do: no closure, no removal function per send), else a
 * listener on it whose removal is kept for the watcher (so such a watcher watches one at a time).
 */
export function watchDeadline(deadline: SendDeadline, watcher: DeadlineOwner): void {
  if (deadline.watch && deadline.unwatch) {
    deadline.watch(watcher);
    return;
  }
  unwatchDeadline(deadline, watcher);
  handMadeWatches.set(
    watcher,
    whenDeadlineEnds(deadline, () => watcher.onDeadlineEnd()),
  );
}

/** Stops telling `watcher` (see {@link watchDeadline}); a watcher not watching is left alone. */
export function unwatchDeadline(deadline: SendDeadline, watcher: DeadlineOwner): void {
  if (deadline.watch && deadline.unwatch) {
    deadline.unwatch(watcher);
    return;
  }
  const undo = handMadeWatches.get(watcher);
  handMadeWatches.delete(watcher);
  undo?.();
}

/** The removal of each watch on a deadline without watch() (a technology's or a test's own). */
const handMadeWatches = new WeakMap<DeadlineOwner, () => void>();

/** Calls `listener` when `deadline` ends: through its onEnd when it has one, else its signal. */
export function whenDeadlineEnds(deadline: SendDeadline, listener: () => void): () => void {
  return deadline.onEnd ? deadline.onEnd(listener) : onAbort(deadline.signal, listener);
}

/**
 * The signal a technology gets when the caller passed none. It never aborts, so it keeps no
 * listeners: adding one is a no-op. One shared object, so a send without a signal allocates no
 * AbortController, and thousands of sends in flight cannot trip Node's listener-leak warning.
 * `aborted` is its own constant: the prototype's getter validates its receiver on every read,
 * and a SIP send reads it four times.
 */
export const NEVER_ABORTED: AbortSignal = neverAbortedSignal();

function neverAbortedSignal(): AbortSignal {
  const signal = new AbortController().signal;
  Object.defineProperties(signal, {
    aborted: { value: false },
    addEventListener: { value: noop },
    removeEventListener: { value: noop },
  });
  return signal;
}

/** True when `signal` aborted because a deadline ended (not because a caller aborted it). */
export function isDeadlineAbort(signal: AbortSignal | undefined): boolean {
  return (
    signal?.aborted === true && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError'
  );
}

/**
 * Calls `listener` when `signal` aborts (at once if it already has). Returns a detach function;
 * each call is its own registration (the same function given twice is called twice).
 *
 * Every send waiting on one signal shares one real listener on it, which calls theirs: a caller
 * who hands the same signal (an app's shutdown signal, say) to more than ten sends in flight
 * would otherwise trip Node's MaxListenersExceededWarning. The waits are a CallbackList, not a
 * Set (see there why), and a detached wait lets go of its listener.
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal === undefined || signal === NEVER_ABORTED) return noop;
  if (signal.aborted) {
    listener();
    return noop;
  }
  let waits = abortWaits.get(signal);
  if (!waits) {
    const made = new CallbackList();
    waits = made;
    abortWaits.set(signal, made);
    signal.addEventListener('abort', () => callAll(signal, made), { once: true });
  }
  const list = waits;
  const wait = list.add(listener);
  return () => list.remove(wait);
}

/** The registrations waiting on each signal (the signal's one real listener holds its list). */
const abortWaits = new WeakMap<AbortSignal, CallbackList>();

/** @internal How many onAbort listeners wait on `signal` (for tests: a settled wait has detached). */
export function abortListenerCount(signal: AbortSignal): number {
  return abortWaits.get(signal)?.size ?? 0;
}

function callAll(signal: AbortSignal, waits: CallbackList): void {
  abortWaits.delete(signal);
  // Over a snapshot, skipping any detached meanwhile: a listener may detach another.
  for (const wait of waits.nodes()) {
    const listener = wait.callback;
    if (listener === undefined) continue;
    waits.remove(wait);
    try {
      listener();
    } catch (error) {
      // As EventTarget would: one listener's throw is reported and the others still run.
      reportLater(error);
    }
  }
}

function noop(): void {}
