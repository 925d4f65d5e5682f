import { reportLater } from './report-later.js';

/**
 * The pending deadlines of one duration, in the order they end, behind one timer: no Node timer
 * (a Timeout object, a closure, an insert and a removal) per send. Deadlines of one duration
 * made one after another end in that order, so a new one goes at the tail, and a send that
 * settles takes its own out in O(1). The timer is set for the head; when the head is taken out
 * the timer stays, and when it fires it ends what is due and is set again for the new head. An
 * emptied queue keeps its timer too (it is dropped when that fires and finds it still empty):
 * sends one at a time would otherwise set and clear a Node timer each.
 *
 * Hand-written, not a library: Node's own timers are per-Timeout objects, and what is needed here
 * is the intrusive list those would be built from.
 */

/** What the queue keeps of a deadline: when it ends, its links, and how to end it. */
export interface QueuedDeadline {
  readonly at: number;
  /** @internal The queue's links; undefined while not queued. */
  queuedIn: DeadlineQueue | undefined;
  queuedBefore: QueuedDeadline | undefined;
  queuedAfter: QueuedDeadline | undefined;
  /** Called once when its time has come (it is no longer queued by then). */
  expire(): void;
}

/** One queue per duration in use; a queue found empty when its timer fires is dropped, so odd durations leave nothing behind. */
const queues = new Map<number, DeadlineQueue>();

/** Queues `deadline` (not queued, `at` still ahead) with the others of `durationMs`. */
export function enqueueDeadline(deadline: QueuedDeadline, durationMs: number): void {
  let queue = queues.get(durationMs);
  if (!queue) {
    queue = new DeadlineQueue(durationMs);
    queues.set(durationMs, queue);
  }
  queue.add(deadline);
}

/** Takes `deadline` out of its queue, if it is in one. */
export function dequeueDeadline(deadline: QueuedDeadline): void {
  deadline.queuedIn?.remove(deadline);
}

/** @internal Whether a queue for `durationMs` exists (for tests: an empty one is dropped when its timer fires). */
export function hasDeadlineQueue(durationMs: number): boolean {
  return queues.has(durationMs);
}

/** @internal How many duration queues exist (for tests: empty ones are dropped). */
export function deadlineQueueCount(): number {
  return queues.size;
}

export class DeadlineQueue {
  private head: QueuedDeadline | undefined;
  private tail: QueuedDeadline | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer is set for (Infinity without one). */
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(private readonly durationMs: number) {}

  add(deadline: QueuedDeadline): void {
    deadline.queuedIn = this;
    // Almost always the newest ends last: the walk back stops at once.
    let before = this.tail;
    while (before !== undefined && before.at > deadline.at) before = before.queuedBefore;
    const after = before === undefined ? this.head : before.queuedAfter;
    deadline.queuedBefore = before;
    deadline.queuedAfter = after;
    if (before === undefined) this.head = deadline;
    else before.queuedAfter = deadline;
    if (after === undefined) this.tail = deadline;
    else after.queuedBefore = deadline;
    if (deadline.at < this.timerAt) this.arm(deadline.at);
  }

  remove(deadline: QueuedDeadline): void {
    const { queuedBefore: before, queuedAfter: after } = deadline;
    if (before === undefined) this.head = after;
    else before.queuedAfter = after;
    if (after === undefined) this.tail = before;
    else after.queuedBefore = before;
    deadline.queuedIn = undefined;
    deadline.queuedBefore = undefined;
    deadline.queuedAfter = undefined;
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    // Whole milliseconds, at least one: Node keeps timer time in whole milliseconds, so a timer
    // may fire a fraction early; that pass ends nothing not yet due and sets the timer again
    // (never for 0 ms, so it cannot spin).
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(at - performance.now())));
    // A deadline never keeps the process alive.
    this.timer.unref?.();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    // Each taken out before it is told: an expiry may queue or dispose other deadlines.
    for (let due = this.head; due !== undefined && due.at <= now; due = this.head) {
      this.remove(due);
      try {
        due.expire();
      } catch (error) {
        // A listener's throw is reported as a timer's would be, and the other deadlines still end.
        reportLater(error);
      }
    }
    // An expiry above may have queued a later deadline and set the timer for it: the head decides.
    if (this.head !== undefined) {
      if (this.head.at < this.timerAt) this.arm(this.head.at);
    } else if (this.timer === undefined && queues.get(this.durationMs) === this) {
      queues.delete(this.durationMs);
    }
  };
}
