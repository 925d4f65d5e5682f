import { createSocket, type Socket } from 'node:dgram';
import {
  runningPeers,
  type SippPeer,
  startSippUas,
  stopAllPeers,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SipReason } from '../src/index.js';
import { eventually } from './helpers/log.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

const peers: SippPeer[] = [];
const silent: Socket[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  for (const socket of silent.splice(0)) socket.close();
  await closeStacks();
});
afterAll(async () => {
  await stopAllPeers();
  expect(runningPeers()).toEqual([]);
});

/** A UDP socket that never answers; counts the datagrams it gets. */
async function silentPeer(): Promise<{ port: number; received: () => number }> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  silent.push(socket);
  return { port: socket.address().port, received: () => count };
}

describe('pacing client transactions per destination', () => {
  it('2000 MESSAGEs with 1000 in flight to one SIPp UAS (its default buffers): none fails', async () => {
    const peer = await startSippUas({
      scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }], {
        timewaitMs: 4000,
      }),
    });
    peers.push(peer);
    const stack = await testStack(); // the no-flags path: default pacing and buffers
    const total = 2000;
    const window = 1000;
    let next = 0;
    const statuses = new Map<string, number>();
    const worker = async (): Promise<void> => {
      while (next < total) {
        next++;
        const outcome = await stack.send(message(peer.uri('bob'), 'paced')).outcome;
        const key = outcome.kind === 'response' ? String(outcome.response.status) : outcome.kind;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    expect(Object.fromEntries(statuses)).toEqual({ 200: total });
    expect(peer.errors(), 'SIPp error log').toEqual([]);
    // The window kept SIPp's socket from overflowing: (almost) no retransmissions reached it.
    // Unpaced, the first burst of 1000 overflows it and several hundred retransmissions follow.
    await new Promise((resolve) => setTimeout(resolve, 200)); // SIPp's log catches up
    expect(peer.requests().length).toBeLessThan(total * 1.1);
  });

  it('a send queued behind a full window still ends at its own deadline, as a timeout not sent', async () => {
    const target = await silentPeer();
    const stack = await testStack({ pacing: { initialWindow: 1, minWindow: 1, maxWindow: 1 } });
    const uri = `sip:bob@127.0.0.1:${target.port}`;
    const first = stack.send(message(uri), { timeoutMs: 2000 });
    expect(await first.dispatched).toMatchObject({ ok: true });
    const queued = stack.send(message(uri), { timeoutMs: 150 });
    const started = performance.now();
    expect(await queued.dispatched).toMatchObject({ ok: false, reason: SipReason.Timeout });
    expect(await queued.outcome).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1500);
    // The queued request was never written: only the first one (and its retransmissions) arrived.
    expect(await first.outcome).toMatchObject({ kind: 'timeout' });
  });

  it('close() settles queued sends as StackClosed, not sent', async () => {
    const target = await silentPeer();
    const stack = await testStack({ pacing: { initialWindow: 1, minWindow: 1, maxWindow: 1 } });
    const uri = `sip:bob@127.0.0.1:${target.port}`;
    const first = stack.send(message(uri));
    await first.dispatched;
    const queued = Array.from({ length: 5 }, () => stack.send(message(uri)));
    await stack.close({ graceMs: 50 });
    expect(await first.outcome).toMatchObject({ kind: 'failed', reason: SipReason.StackClosed, sent: true });
    for (const handle of queued)
      expect(await handle.outcome).toMatchObject({
        kind: 'failed',
        reason: SipReason.StackClosed,
        sent: false,
      });
    // Nothing queued was written while the stack closed: only the first request arrived.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(target.received()).toBe(1);
  });

  it('pacing: false writes all 50 at once (the default window, 16, would hold 34 back)', async () => {
    const target = await silentPeer();
    const stack = await testStack({ pacing: false, timers: { t1: 5000 } });
    const uri = `sip:bob@127.0.0.1:${target.port}`;
    const handles = Array.from({ length: 50 }, () => stack.send(message(uri), { timeoutMs: 300 }));
    for (const handle of handles) expect(await handle.dispatched).toMatchObject({ ok: true });
    expect(await eventually(() => target.received() === 50)).toBe(true);
  });
});
