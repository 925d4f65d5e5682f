import { startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterEach, describe, expect, it } from 'vitest';
import { registrationSet, type SipStack, startSipStack } from '../src/index.js';

// Registration state changes reach the stack's logger as debug lines (state, code, next attempt),
// through a registration set started on a stack that has a logger; without one, nothing is built.

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

function capture() {
  const lines: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const note = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
  return { lines, logger: { debug: note, info: note, warn: note, error: note } };
}

async function registerOnce(stack: SipStack, port: number) {
  const set = registrationSet([
    {
      name: 'reg',
      protocol: 'udp',
      contact: (local) => `sip:alice@${local.host}:${local.port}`,
      options: {
        serverUri: `sip:127.0.0.1:${port}`,
        clientUri: `sip:alice@127.0.0.1:${port}`,
        expirationSec: 60,
        requestTimeoutMs: 2000,
        unregisterTimeoutMs: 200,
        maxRetries: 1,
      },
    },
  ]);
  const settled = new Promise<void>((resolve) => {
    set.onState((status) => {
      if (status.state.status === 'registered' || status.state.status === 'rejected') resolve();
    });
  });
  set.start(stack);
  await settled;
  stops.push(() => set.close());
}

describe('registration debug lines', () => {
  it('logs registering, then registered with the next attempt, through the stack logger', async () => {
    const sipp = await startSippUas({
      scenario: uasScenario([
        { request: 'REGISTER', replies: [{ status: 200, reason: 'OK', headers: ['Expires: 60'] }] },
      ]),
    });
    stops.push(() => sipp.stop());
    const { lines, logger } = capture();
    const stack = await startSipStack({
      transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
      logger,
    });
    stops.push(() => stack.close({ graceMs: 0 }));
    await registerOnce(stack, sipp.port);
    const states = lines.filter((l) => l.message === 'sip registration').map((l) => l.fields);
    expect(states[0]).toMatchObject({ state: 'registering' });
    expect(states[1]).toMatchObject({ state: 'registered', nextAttemptAt: expect.any(String) });
  });

  it('logs a rejection with its code and the next attempt', async () => {
    const sipp = await startSippUas({
      scenario: uasScenario([
        { request: 'REGISTER', replies: [{ status: 503, reason: 'Service Unavailable' }] },
      ]),
    });
    stops.push(() => sipp.stop());
    const { lines, logger } = capture();
    const stack = await startSipStack({
      transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
      logger,
    });
    stops.push(() => stack.close({ graceMs: 0 }));
    await registerOnce(stack, sipp.port);
    const rejected = lines.find((l) => l.message === 'sip registration' && l.fields?.state === 'rejected');
    expect(rejected?.fields).toMatchObject({
      code: 503,
      permanent: false,
      nextAttemptAt: expect.any(String),
    });
  });

  it('a stack without a logger exposes no debug function', async () => {
    const stack = await startSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
    stops.push(() => stack.close({ graceMs: 0 }));
    expect(stack.debug).toBeUndefined();
  });
});
