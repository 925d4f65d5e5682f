import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadline } from '../src/deadline.js';
import { deadlineQueueCount, hasDeadlineQueue } from '../src/deadline-queue.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('deadlines timed in one queue per duration', () => {
  it('a hundred deadlines of one duration: one timer between them, each ends in order and not before its time', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const ended: { index: number; late: number }[] = [];
    const deadlines = Array.from({ length: 100 }, (_, index) => {
      const deadline = createDeadline(30);
      deadline.onEnd(() => ended.push({ index, late: performance.now() - deadline.at }));
      return deadline;
    });
    const armed = timers.mock.calls.length;
    timers.mockRestore();
    expect(armed).toBe(1);
    await tick(80);
    expect(ended.map((e) => e.index)).toEqual(deadlines.map((_, index) => index));
    expect(ended.every((e) => e.late >= 0)).toBe(true);
    expect(deadlineQueueCount()).toBe(0);
  });

  it('disposing the head and others leaves the rest on time; the disposed never end', async () => {
    const ended: string[] = [];
    const first = createDeadline(20);
    const second = createDeadline(20);
    const third = createDeadline(20);
    first.onEnd(() => ended.push('first'));
    second.onEnd(() => ended.push('second'));
    third.onEnd(() => ended.push('third'));
    first.dispose();
    second.dispose();
    await tick(60);
    expect(ended).toEqual(['third']);
    expect(third.signal.aborted).toBe(true);
    expect(first.signal.aborted).toBe(false);
  });

  it('a deadline started earlier than the last one queued ends first', async () => {
    const ended: string[] = [];
    const now = performance.now();
    const late = createDeadline(40, now);
    const early = createDeadline(40, now - 30);
    late.onEnd(() => ended.push('late'));
    early.onEnd(() => ended.push('early'));
    await tick(20);
    expect(ended).toEqual(['early']);
    await tick(50);
    expect(ended).toEqual(['early', 'late']);
  });

  it('an expiry may queue another deadline of the same duration, which is timed in turn', async () => {
    const ended: string[] = [];
    createDeadline(15).onEnd(() => {
      ended.push('first');
      createDeadline(15).onEnd(() => ended.push('second'));
    });
    await tick(80);
    expect(ended).toEqual(['first', 'second']);
    expect(deadlineQueueCount()).toBe(0);
  });

  it('a later deadline queued during an expiry does not delay an earlier one still queued', async () => {
    const now = performance.now();
    const ended: string[] = [];
    const first = createDeadline(200, now - 190);
    const second = createDeadline(200, now - 100);
    second.onEnd(() => ended.push('second'));
    let third: ReturnType<typeof createDeadline> | undefined;
    first.onEnd(() => {
      ended.push('first');
      // Due about 110 ms after the second: the timer must still be set for the second.
      third = createDeadline(200);
      third.onEnd(() => ended.push('third'));
    });
    await tick(160);
    expect(ended).toEqual(['first', 'second']);
    third?.dispose();
  });

  it("a listener's throw is reported and the other deadlines due with it still end", async () => {
    const reported: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      reported.push(callback);
    });
    const now = performance.now();
    const ended: string[] = [];
    createDeadline(20, now).onEnd(() => {
      throw new Error('listener bug');
    });
    createDeadline(20, now).onEnd(() => ended.push('second'));
    await tick(60);
    expect(ended).toEqual(['second']);
    expect(reported).toHaveLength(1);
    expect(() => reported[0]!()).toThrow('listener bug');
  });

  it('queues of different durations are separate, and each is dropped when its timer finds it empty', async () => {
    const short = createDeadline(11);
    const long = createDeadline(61);
    short.onEnd(() => {});
    long.onEnd(() => {});
    expect([hasDeadlineQueue(11), hasDeadlineQueue(61)]).toEqual([true, true]);
    await tick(30);
    expect(short.signal.aborted).toBe(true);
    expect([hasDeadlineQueue(11), hasDeadlineQueue(61)]).toEqual([false, true]);
    long.dispose();
    // Emptied, it keeps its timer: a send one at a time sets no Node timer of its own.
    expect(hasDeadlineQueue(61)).toBe(true);
    await tick(80);
    expect(hasDeadlineQueue(61)).toBe(false);
  });

  it('deadlines one after another, each disposed before the next: one timer for all of them', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    for (let i = 0; i < 100; i++) {
      const deadline = createDeadline(40);
      deadline.onEnd(() => {});
      deadline.dispose();
    }
    expect(timers.mock.calls.length).toBe(1);
    expect(cleared.mock.calls.length).toBe(0);
    timers.mockRestore();
    cleared.mockRestore();
    // One that is still pending when the timer fires ends on time.
    const pending = createDeadline(40);
    let ended = false;
    pending.onEnd(() => {
      ended = true;
    });
    await tick(100);
    expect(ended).toBe(true);
  });

  it('a bound that is not a number ends at once instead of never', () => {
    const deadline = createDeadline(Number.NaN);
    let ended = false;
    deadline.onEnd(() => {
      ended = true;
    });
    expect(ended).toBe(true);
  });
});
