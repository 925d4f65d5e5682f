import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortListenerCount } from '../src/deadline.js';
import { createRouter, NEVER_ABORTED, onAbort } from '../src/index.js';

/** Node's listener-leak warnings emitted while `run` runs (and the turn after). */
async function warningsDuring(run: () => Promise<void> | void): Promise<string[]> {
  const seen: string[] = [];
  const record = (warning: Error): void => {
    seen.push(warning.name);
  };
  process.on('warning', record);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', record);
  }
  return seen.filter((name) => name === 'MaxListenersExceededWarning');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('onAbort', () => {
  it('a thousand waits on one signal: no listener-leak warning, each called once on abort', async () => {
    const controller = new AbortController();
    const calls = new Array<number>(1000).fill(0);
    const warnings = await warningsDuring(() => {
      for (let i = 0; i < calls.length; i++) onAbort(controller.signal, () => calls[i]!++);
      controller.abort();
    });
    expect(warnings).toEqual([]);
    expect(calls.every((count) => count === 1)).toBe(true);
  });

  it('a detached wait is not called; one that detaches another during the abort stops it', () => {
    const controller = new AbortController();
    const called: string[] = [];
    const detachA = onAbort(controller.signal, () => called.push('a'));
    onAbort(controller.signal, () => {
      called.push('b');
      detachC();
    });
    const detachC = onAbort(controller.signal, () => called.push('c'));
    detachA();
    controller.abort();
    expect(called).toEqual(['b']);
  });

  it('each call is its own registration: the same function twice is called twice, detached one at a time', () => {
    const controller = new AbortController();
    let calls = 0;
    const listener = (): void => {
      calls++;
    };
    const first = onAbort(controller.signal, listener);
    onAbort(controller.signal, listener);
    const third = onAbort(controller.signal, listener);
    first();
    first(); // twice: nothing more
    expect(abortListenerCount(controller.signal)).toBe(2);
    third();
    expect(abortListenerCount(controller.signal)).toBe(1);
    controller.abort();
    expect(calls).toBe(1);
    expect(abortListenerCount(controller.signal)).toBe(0);
  });

  it('an aborted signal calls at once; no signal or the shared never-aborted one keeps nothing', () => {
    const controller = new AbortController();
    controller.abort();
    const listener = vi.fn();
    onAbort(controller.signal, listener);
    expect(listener).toHaveBeenCalledTimes(1);
    const never = vi.fn();
    expect(onAbort(undefined, never)).toBeTypeOf('function');
    expect(onAbort(NEVER_ABORTED, never)).toBeTypeOf('function');
    expect(never).not.toHaveBeenCalled();
  });

  it('the never-aborted signal is a real AbortSignal that reads as not aborted and cannot be made to', () => {
    expect(NEVER_ABORTED).toBeInstanceOf(AbortSignal);
    expect(NEVER_ABORTED.aborted).toBe(false);
    expect(NEVER_ABORTED.reason).toBeUndefined();
    expect(() => NEVER_ABORTED.throwIfAborted()).not.toThrow();
    expect(AbortSignal.any([NEVER_ABORTED]).aborted).toBe(false);
    expect(() => {
      (NEVER_ABORTED as { aborted: boolean }).aborted = true;
    }).toThrow(TypeError); // a non-writable own property (modules are strict)
    expect(NEVER_ABORTED.aborted).toBe(false);
  });

  it("one listener's throw is reported and the others still run", () => {
    const reported: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      reported.push(callback);
    });
    const controller = new AbortController();
    const after = vi.fn();
    onAbort(controller.signal, () => {
      throw new Error('listener bug');
    });
    onAbort(controller.signal, after);
    controller.abort();
    expect(after).toHaveBeenCalledTimes(1);
    expect(reported).toHaveLength(1);
    expect(() => reported[0]!()).toThrow('listener bug');
  });
});

describe('router.send with one caller signal on many sends', () => {
  it('a hundred sends in flight on one signal: no warning, and aborting it ends each as ABORTED', async () => {
    const slow = {
      name: 'slow',
      apiVersion: 1 as const,
      parse: (destination: string) => ({ ok: true as const, value: destination }),
      // Never settles: only the caller's abort ends these sends.
      send: () => new Promise<never>(() => {}),
    };
    const router = createRouter({ techs: [slow] });
    const controller = new AbortController();
    let results: Awaited<ReturnType<typeof router.send>>[] = [];
    const warnings = await warningsDuring(async () => {
      const sends = Array.from({ length: 100 }, (_, i) =>
        router.send(`slow:${i}`, { body: 'x' }, { signal: controller.signal }),
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
      results = await Promise.all(sends);
    });
    expect(warnings).toEqual([]);
    expect(results).toHaveLength(100);
    expect(results.every((result) => result.status === 'FAILURE' && result.reason === 'ABORTED')).toBe(true);
    await router.close({ graceMs: 0 });
  });
});
