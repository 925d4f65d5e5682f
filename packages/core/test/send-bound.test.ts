import { describe, expect, it } from 'vitest';
import { abortListenerCount, createDeadline, type OwnedDeadline } from '../src/deadline.js';
import { SendBound } from '../src/router/send-bound.js';
import { createStopper, type Stopper } from '../src/stopper.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = new Promise<string>(() => {});
const handlers = {
  map: (value: string) => `value ${value}`,
  onReject: (error: unknown) => `rejected ${String(error)}`,
  onExpiry: () => 'expired',
  onStop: () => 'stopped',
  onAbort: () => 'aborted',
};

/** A bound of technology 'fake' under `deadline` and `stopper`, telling `onOver` when it is over. */
const boundOf = (
  deadline: OwnedDeadline,
  stopper: Stopper = createStopper(),
  onOver: () => void = () => {},
): SendBound => new SendBound(deadline, stopper, 'fake', 10, performance.now(), onOver);

describe('SendBound: two waits of one send under one deadline and one stopper', () => {
  it('work that has settled gives its mapped value, a rejection onReject', async () => {
    const bound = boundOf(createDeadline(10));
    expect(await bound.within(Promise.resolve('a'), handlers)).toBe('value a');
    expect(await bound.within(Promise.reject('b'), handlers)).toBe('rejected b');
    bound.end();
  });

  it('a throwing map is onReject, never an unhandled rejection', async () => {
    const bound = boundOf(createDeadline(1000));
    const boom = {
      ...handlers,
      map: (): string => {
        throw new Error('boom');
      },
    };
    expect(await bound.within(Promise.resolve('x'), boom)).toBe('rejected Error: boom');
    bound.end();
  });

  it('the deadline ends the wait that is pending, one macrotask late, and the next wait too', async () => {
    const bound = boundOf(createDeadline(10));
    expect(await bound.within(never, handlers)).toBe('expired');
    // The deadline has ended: a second wait that does not settle at once expires as well.
    expect(await bound.within(never, handlers)).toBe('expired');
    bound.end();
  });

  it('a report given in the same turn as the deadline ends wins over the fallback', async () => {
    const deadline = createDeadline(10);
    const bound = boundOf(deadline);
    const own = new Promise<string>((resolve) => deadline.onEnd(() => resolve('own timeout')));
    expect(await bound.within(own, handlers)).toBe('value own timeout');
    bound.end();
  });

  it('the stopper ends the pending wait, and a wait begun after the stop', async () => {
    const stopper = createStopper();
    const bound = boundOf(createDeadline(10_000), stopper);
    const first = bound.within(never, handlers);
    await tick(1);
    stopper.stop();
    expect(await first).toBe('stopped');
    expect(await bound.within(never, handlers)).toBe('stopped');
    bound.end();
  });

  it('end removes its stopper listener and the deadline timer', async () => {
    const stopper = createStopper();
    const deadline = createDeadline(20);
    const bound = boundOf(deadline, stopper);
    const ended: string[] = [];
    const first = bound.within(
      new Promise<string>((resolve) => setTimeout(() => resolve('late'), 5)),
      handlers,
    );
    expect(await first).toBe('value late');
    bound.end();
    deadline.onEnd(() => ended.push('ended'));
    await tick(40);
    stopper.stop();
    // Disposed: the deadline never ends, and stopping calls nothing of this send.
    expect(ended).toEqual([]);
  });

  it('the last wait (the report) ends the send itself, once, after the report has settled', async () => {
    let overs = 0;
    const bound = boundOf(createDeadline(1000), createStopper(), () => {
      overs++;
    });
    expect(await bound.within(Promise.resolve('status'), handlers)).toBe('value status');
    expect(bound.waitsForDelivery).toBe(false);
    expect(overs).toBe(0);
    const report = bound.within(Promise.resolve('report'), { ...handlers, last: true as const });
    expect(bound.waitsForDelivery).toBe(true);
    expect(await report).toBe('value report');
    expect(overs).toBe(1);
    bound.end();
    expect(overs).toBe(1);
  });

  it("the caller's signal ends the pending wait with onAbort, and its listener goes when the wait settles", async () => {
    const bound = boundOf(createDeadline(10_000));
    const caller = new AbortController();
    const first = bound.within(never, handlers, caller.signal);
    await tick(1);
    caller.abort();
    expect(await first).toBe('aborted');
    expect(abortListenerCount(caller.signal)).toBe(0);
    // A settled wait has let go of the signal: nothing of it is left listening.
    const other = new AbortController();
    const settled = bound.within(Promise.resolve('done'), handlers, other.signal);
    expect(abortListenerCount(other.signal)).toBe(1);
    expect(await settled).toBe('value done');
    expect(abortListenerCount(other.signal)).toBe(0);
    bound.end();
  });

  it('a signal that has already aborted ends the wait at once', async () => {
    const bound = boundOf(createDeadline(10_000));
    expect(await bound.within(never, handlers, AbortSignal.abort())).toBe('aborted');
    bound.end();
  });
});
