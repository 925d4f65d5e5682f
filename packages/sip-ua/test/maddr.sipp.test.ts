import { runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deliveryReport } from '../src/tech-kit/index.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

// The URI's host is another loopback address where nothing listens: only the maddr reaches SIPp.
const ELSEWHERE = '127.0.0.2';

const peers: SippPeer[] = [];
async function uas(): Promise<SippPeer> {
  const peer = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  peers.push(peer);
  return peer;
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
  await closeStacks();
});
afterAll(() => expect(runningPeers()).toEqual([]));

describe('maddr (RFC 3261 §19.1.1, RFC 3263 §4: the maddr, not the host, is located; as pjproject)', () => {
  it('a Request-URI with ;maddr= is sent to the maddr address on the URI port, the Request-URI unchanged', async () => {
    const peer = await uas();
    const uri = `sip:bob@${ELSEWHERE}:${peer.port};maddr=127.0.0.1`;
    const stack = await testStack();
    const handle = stack.send(message(uri));
    expect(await handle.dispatched).toMatchObject({
      ok: true,
      target: { protocol: 'udp', address: '127.0.0.1', port: peer.port },
    });
    expect(deliveryReport(await handle.outcome)).toMatchObject({ outcome: 'delivered', code: 202 });
    const [request] = await peer.waitForRequests(1);
    expect(request!.firstLine).toBe(`MESSAGE ${uri} SIP/2.0`);
  });

  it('without maddr the same URI goes to its host, where nothing answers (so the maddr above is what reached SIPp)', async () => {
    const peer = await uas();
    const stack = await testStack();
    const handle = stack.send(message(`sip:bob@${ELSEWHERE}:${peer.port}`), { timeoutMs: 300 });
    expect(await handle.dispatched).toMatchObject({ ok: true, target: { address: ELSEWHERE } });
    expect(deliveryReport(await handle.outcome).outcome).not.toBe('delivered');
    expect(peer.requests()).toEqual([]);
  });
});
