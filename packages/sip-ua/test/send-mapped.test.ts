import { afterEach, describe, expect, it } from 'vitest';
import { SipReason } from '../src/mechanics/errors.js';
import { sendRequest } from '../src/mechanics/send/send-request.js';
import { createSendTracker } from '../src/mechanics/send/send-tracker.js';
import type { SendMapping, StackContext } from '../src/mechanics/send/send-types.js';
import { DEFAULT_TIMERS } from '../src/mechanics/transaction/timers.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

afterEach(closeStacks);

/** Records what it was given; its values name the state, so a test sees which send made them. */
function recordingMapping() {
  const seen: { dispatched: unknown[]; outcomes: unknown[] } = { dispatched: [], outcomes: [] };
  const mapping: SendMapping<object, object, string> = {
    dispatched: (dispatch, outcome, state) => {
      seen.dispatched.push(dispatch);
      return { mappedDispatch: dispatch.ok, state, outcome };
    },
    outcome: (outcome, state) => {
      seen.outcomes.push(outcome);
      return { mappedOutcome: outcome.kind, state };
    },
  };
  return { mapping, seen };
}

describe('SipStack.sendMapped', () => {
  it('gives the mapped dispatch and outcome, with the state, and the dispatch names the mapped outcome', async () => {
    const peer = await testStack({ onRequest: () => ({ status: 200 }) });
    const stack = await testStack();
    const { port } = peer.address('udp')!;
    const { mapping, seen } = recordingMapping();
    const sent = stack.sendMapped(
      message(`sip:bob@127.0.0.1:${port}`),
      { target: { protocol: 'udp', address: '127.0.0.1', port } },
      mapping,
      'send-1',
    );
    const dispatched = (await sent.dispatched) as {
      mappedDispatch: boolean;
      state: string;
      outcome: unknown;
    };
    expect(dispatched).toMatchObject({ mappedDispatch: true, state: 'send-1' });
    expect(dispatched.outcome).toBe(sent.outcome);
    expect(await sent.outcome).toEqual({ mappedOutcome: 'response', state: 'send-1' });
    expect(seen.dispatched).toHaveLength(1);
    expect(seen.outcomes).toHaveLength(1);
  });

  it('a send to a closing stack is StackClosed through the mapping, nothing sent', async () => {
    const stack = await testStack();
    const closing = stack.close();
    const { mapping, seen } = recordingMapping();
    const sent = stack.sendMapped(message('sip:bob@127.0.0.1:9'), {}, mapping, 'late');
    expect(await sent.dispatched).toMatchObject({ mappedDispatch: false, state: 'late' });
    expect(await sent.outcome).toEqual({ mappedOutcome: 'failed', state: 'late' });
    expect(seen.outcomes[0]).toMatchObject({ reason: SipReason.StackClosed, sent: false });
    await closing;
  });
});

describe('sendRequest', () => {
  it('a bug in the send path ends the send as a failure, told once, not a rejection', async () => {
    const context = {
      transports: {
        get() {
          throw new Error('broken transport table');
        },
      },
      timers: DEFAULT_TIMERS,
      closeSignal: new AbortController().signal,
      track: () => {},
      untrack: () => {},
      listen: () => () => {},
    } as unknown as StackContext;
    let ended = 0;
    const { mapping } = recordingMapping();
    const sent = sendRequest(
      context,
      message('sip:bob@127.0.0.1:9'),
      { target: { protocol: 'udp', address: '127.0.0.1', port: 9 } },
      mapping,
      'buggy',
      () => ended++,
    );
    expect(await sent.outcome).toEqual({ mappedOutcome: 'failed', state: 'buggy' });
    expect(await sent.dispatched).toMatchObject({ mappedDispatch: false });
    expect(ended).toBe(1);
  });
});

describe('the stack send tracker', () => {
  it('drain waits for the sends counted in, and refuses new ones meanwhile', async () => {
    const tracker = createSendTracker();
    expect(tracker.begin()).toBe(true);
    expect(tracker.begin()).toBe(true);
    let drained = false;
    const drain = tracker.drain(10_000).then(() => {
      drained = true;
    });
    expect(tracker.begin()).toBe(false);
    tracker.end();
    await Promise.resolve();
    expect(drained).toBe(false);
    tracker.end();
    await drain;
    expect(drained).toBe(true);
  });

  it('drain gives up after its grace, and at once with nothing in flight', async () => {
    const idle = createSendTracker();
    await idle.drain(60_000);
    const busy = createSendTracker();
    busy.begin();
    const started = performance.now();
    await busy.drain(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    // The late end of the abandoned send changes nothing.
    busy.end();
  });
});
