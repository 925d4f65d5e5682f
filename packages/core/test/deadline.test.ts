import { describe, expect, it } from 'vitest';
import {
  createDeadline,
  isDeadlineAbort,
  unwatchDeadline,
  watchDeadline,
  whenDeadlineEnds,
} from '../src/index.js';
import { createStopper, type StopWatcher } from '../src/stopper.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createDeadline', () => {
  it('onEnd listeners and the signal end together, once, when the bound ends', async () => {
    const deadline = createDeadline(20);
    const calls: string[] = [];
    deadline.onEnd(() => calls.push('first'));
    const removed = deadline.onEnd(() => calls.push('removed'));
    deadline.onEnd(() => calls.push('last'));
    removed();
    const signal = deadline.signal;
    expect(signal.aborted).toBe(false);
    await tick(60);
    expect(calls).toEqual(['first', 'last']);
    expect(isDeadlineAbort(signal)).toBe(true);
    // After the end: at once, and the signal is already aborted.
    deadline.onEnd(() => calls.push('late'));
    expect(calls).toEqual(['first', 'last', 'late']);
    deadline.dispose();
  });

  it('a listener that removes another while the deadline ends does not skip the rest', async () => {
    const deadline = createDeadline(5);
    const calls: string[] = [];
    let removeSecond = (): void => {};
    deadline.onEnd(() => {
      calls.push('a');
      removeSecond();
    });
    removeSecond = deadline.onEnd(() => calls.push('b'));
    deadline.onEnd(() => calls.push('c'));
    await tick(40);
    // b was removed by a before it ran; c still runs.
    expect(calls).toEqual(['a', 'c']);
  });

  it('a disposed deadline never ends: no listener runs and its signal never aborts', async () => {
    const deadline = createDeadline(5);
    let ran = false;
    deadline.onEnd(() => {
      ran = true;
    });
    deadline.dispose();
    await tick(30);
    expect(ran).toBe(false);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.onEnd(() => {})).toBeTypeOf('function');
  });

  it('a bound already passed ends at once, through onEnd or the signal', () => {
    const started = performance.now() - 100;
    const viaCallback = createDeadline(10, started);
    let ended = false;
    viaCallback.onEnd(() => {
      ended = true;
    });
    expect(ended).toBe(true);
    expect(isDeadlineAbort(createDeadline(10, started).signal)).toBe(true);
  });

  it('whenDeadlineEnds falls back to the signal of a deadline without onEnd', async () => {
    const controller = new AbortController();
    let ended = false;
    whenDeadlineEnds({ at: 0, signal: controller.signal, remainingMs: () => 0 }, () => {
      ended = true;
    });
    expect(ended).toBe(false);
    controller.abort();
    expect(ended).toBe(true);
  });

  it('watchEnd tells its one owner when the bound ends, before the onEnd listeners, and at once after', async () => {
    const deadline = createDeadline(10);
    const calls: string[] = [];
    deadline.onEnd(() => calls.push('listener'));
    deadline.watchEnd({ onDeadlineEnd: () => calls.push('replaced') });
    deadline.watchEnd({ onDeadlineEnd: () => calls.push('owner') });
    await tick(40);
    expect(calls).toEqual(['owner', 'listener']);
    deadline.watchEnd({ onDeadlineEnd: () => calls.push('late owner') });
    expect(calls).toEqual(['owner', 'listener', 'late owner']);
    deadline.dispose();
  });

  it('watchers are told once when the bound ends, in the order added, unless unwatched; at once after', async () => {
    const deadline = createDeadline(10);
    const calls: string[] = [];
    const watcher = (name: string) => ({ onDeadlineEnd: () => calls.push(name) });
    const a = watcher('a');
    const gone = watcher('gone');
    watchDeadline(deadline, a);
    deadline.onEnd(() => calls.push('listener'));
    watchDeadline(deadline, gone);
    unwatchDeadline(deadline, a);
    unwatchDeadline(deadline, gone);
    // Added after the first was taken out: still told after the listener added before it.
    watchDeadline(deadline, watcher('b'));
    await tick(40);
    expect(calls).toEqual(['listener', 'b']);
    watchDeadline(deadline, watcher('late'));
    expect(calls).toEqual(['listener', 'b', 'late']);
    deadline.dispose();
  });

  it('watchDeadline works with a deadline that has no watch() of its own, through its signal', () => {
    const controller = new AbortController();
    const handMade = { at: 0, signal: controller.signal, remainingMs: () => 1 };
    const calls: string[] = [];
    const kept = { onDeadlineEnd: () => calls.push('kept') };
    const dropped = { onDeadlineEnd: () => calls.push('dropped') };
    watchDeadline(handMade, kept);
    watchDeadline(handMade, dropped);
    unwatchDeadline(handMade, dropped);
    controller.abort();
    expect(calls).toEqual(['kept']);
  });

  it('a disposed deadline never tells its owner, and its timer is gone', async () => {
    const deadline = createDeadline(10);
    const calls: string[] = [];
    deadline.watchEnd({ onDeadlineEnd: () => calls.push('owner') });
    deadline.dispose();
    deadline.watchEnd({ onDeadlineEnd: () => calls.push('after dispose') });
    await tick(40);
    expect(calls).toEqual([]);
  });
});

describe('createStopper', () => {
  it('watchers are told on stop() until unwatched, and at once once stopped', () => {
    const stopper = createStopper();
    const calls: string[] = [];
    const kept = { onStop: () => calls.push('kept') };
    const gone = { onStop: () => calls.push('gone') };
    stopper.watch(kept);
    stopper.watch(gone);
    stopper.unwatch(gone);
    expect(stopper.stopped).toBe(false);
    stopper.stop();
    expect(stopper.stopped).toBe(true);
    expect(calls).toEqual(['kept']);
    stopper.watch({ onStop: () => calls.push('late') });
    expect(calls).toEqual(['kept', 'late']);
  });

  it('tells every watcher once, in the order they watched, even one unwatched by another meanwhile', () => {
    const stopper = createStopper();
    const calls: string[] = [];
    const watchers = ['a', 'b', 'c', 'd', 'e'].map(
      (name): StopWatcher => ({
        onStop: () => {
          calls.push(name);
        },
      }),
    );
    for (const watcher of watchers) stopper.watch(watcher);
    stopper.watch(watchers[1]!); // watching twice is watching once
    stopper.unwatch(watchers[0]!); // the head
    stopper.unwatch(watchers[2]!); // the middle
    stopper.unwatch(watchers[4]!); // the tail
    stopper.unwatch(watchers[4]!); // twice: nothing more
    const later = { onStop: () => calls.push('later') };
    stopper.watch(later);
    watchers[1]!.onStop = () => {
      calls.push('b');
      stopper.unwatch(later);
    };
    stopper.stop();
    expect(calls).toEqual(['b', 'd', 'later']);
    stopper.stop();
    expect(calls).toEqual(['b', 'd', 'later']); // nothing is still watching
  });
});
