import { createSocket, type Socket } from 'node:dgram';
import { createRouter, Reason } from '@messagesend/core';
import { runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

// What the router reports for a pjsip send matches what happened on the wire: SUCCESS only once the
// MESSAGE is written, close() right after send() still delivers it, and a timeout always carries
// the same code (one deadline decides it, not a race between two timers).

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const conf = (port: number) => `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[peer]
type=endpoint
aors=peer

[peer]
type=aor
contact=sip:peer@127.0.0.1:${port}
`;

async function uas(replies: { status: number; reason: string }[]): Promise<SippPeer> {
  const peer = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE', replies }]) });
  cleanups.push(() => peer.stop());
  return peer;
}

/** A real UDP socket that reads every datagram and never answers. */
async function silentPeer(): Promise<{ port: number; received: () => number }> {
  const socket: Socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, received: () => count };
}

describe('pjsip through the router: the status tells the truth', () => {
  it('router.close() right after send() flushes the MESSAGE: SIPp gets it, the report is the 202', async () => {
    const peer = await uas([{ status: 202, reason: 'Accepted' }]);
    const router = createRouter({ techs: [pjsip({ config: conf(peer.port) })] });
    const result = await router.send('pjsip:peer', { body: 'sent before close' });
    await router.close();
    expect(result.status).toBe('SUCCESS');
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
    const [request] = await peer.waitForRequests(1);
    expect(request!.body).toBe('sent before close');
  });

  it('close() without awaiting send() first still sends it (status and report both settle)', async () => {
    const peer = await uas([{ status: 202, reason: 'Accepted' }]);
    const router = createRouter({ techs: [pjsip({ config: conf(peer.port) })] });
    const pending = router.send('pjsip:peer', { body: 'racing close' });
    const closed = router.close();
    const result = await pending;
    await closed;
    expect(result.status).toBe('SUCCESS');
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
    expect((await peer.waitForRequests(1))[0]!.body).toBe('racing close');
  });

  it('a send the close grace cannot finish is reported as sent-but-unanswered, never dropped', async () => {
    const silent = await silentPeer();
    const router = createRouter({ techs: [pjsip({ config: conf(silent.port) })] });
    const result = await router.send('pjsip:peer', { body: 'nobody answers' });
    expect(result.status).toBe('SUCCESS');
    await router.close({ graceMs: 30 });
    expect(await result.delivery).toMatchObject({ outcome: 'error', code: 'SIP_STACK_CLOSED' });
    expect(silent.received()).toBeGreaterThanOrEqual(1);
    expect(await router.send('pjsip:peer', { body: 'late' })).toMatchObject({
      status: 'FAILURE',
      reason: Reason.RouterClosed,
    });
  });

  it('every timeout to a silent peer carries SIP_TIMEOUT, whatever the bound (300 sends)', async () => {
    const silent = await silentPeer();
    const router = createRouter({ techs: [pjsip({ config: conf(silent.port) })] });
    cleanups.push(() => router.close({ graceMs: 0 }));
    const reports = [];
    for (let round = 0; round < 30; round++) {
      const sends = Array.from({ length: 10 }, (_, i) =>
        router.send('pjsip:peer', { body: `r${round}-${i}` }, { timeoutMs: 1 + ((round + i) % 12) }),
      );
      for (const result of await Promise.all(sends)) {
        // A bound too short to even write the request is a FAILURE with the same code.
        if (result.status === 'FAILURE') reports.push({ outcome: 'timeout', code: result.reason });
        else reports.push(await result.delivery);
      }
    }
    expect(reports).toHaveLength(300);
    for (const report of reports) expect(report).toMatchObject({ outcome: 'timeout', code: 'SIP_TIMEOUT' });
  });

  it('a 1 ms bound on the first send of a fresh technology is SIP_TIMEOUT, whatever stage it ends in', async () => {
    const silent = await silentPeer();
    for (let i = 0; i < 20; i++) {
      const router = createRouter({ techs: [pjsip({ config: conf(silent.port) })] });
      const result = await router.send('pjsip:peer', { body: 'first' }, { timeoutMs: 1 });
      const code = result.status === 'FAILURE' ? result.reason : (await result.delivery).code;
      expect(code).toBe('SIP_TIMEOUT');
      await router.close({ graceMs: 0 });
    }
  });

  it('waitForDelivery on a silent peer is FAILURE DELIVERY_TIMEOUT with a SIP_TIMEOUT report, every time', async () => {
    const silent = await silentPeer();
    const router = createRouter({ techs: [pjsip({ config: conf(silent.port) })] });
    cleanups.push(() => router.close({ graceMs: 0 }));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        router.send('pjsip:peer', { body: `w${i}` }, { waitForDelivery: true, timeoutMs: 5 + (i % 10) }),
      ),
    );
    for (const result of results) {
      expect(result).toMatchObject({ status: 'FAILURE' });
      if (result.reason === Reason.DeliveryTimeout)
        expect(await result.delivery).toMatchObject({ outcome: 'timeout', code: 'SIP_TIMEOUT' });
      else expect(result.reason).toBe('SIP_TIMEOUT');
    }
  });
});
