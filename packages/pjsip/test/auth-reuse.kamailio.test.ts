import { createRouter } from '@messagesend/core';
import {
  acceptingMessages,
  type KamailioPeer,
  pollUntil,
  runningPeers,
  type SippPeer,
  startKamailio,
  startSippUas,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const REALM = 'proxy.test';
const SENDS = 3;

async function challengingProxy(
  algorithm: 'MD5' | 'SHA-256',
  password = 'alice-secret',
): Promise<KamailioPeer> {
  const kamailio = await startKamailio({
    auth: { realm: REALM, users: { alice: password }, algorithm, proxyChallenge: true },
  });
  cleanups.push(() => kamailio.stop());
  return kamailio;
}

async function phone(count: number): Promise<SippPeer> {
  const peer = await startSippUas({ scenario: acceptingMessages(count) });
  cleanups.push(() => peer.stop());
  return peer;
}

const conf = (kamailio: KamailioPeer, bob: SippPeer, password: string) => `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[proxy-auth]
type=auth
username=alice
password=${password}

[bob]
type=endpoint
aors=bob
outbound_auth=proxy-auth
outbound_proxy=${kamailio.uri}

[bob]
type=aor
contact=${bob.uri('bob')}
`;

const logged = (kamailio: KamailioPeer, tag: string) =>
  kamailio
    .output()
    .split('\n')
    .filter((line) => line.includes(tag));

/** Kamailio's children write their log lines a moment after answering: wait for `count`, bounded. */
const loggedAtLeast = (kamailio: KamailioPeer, tag: string, count: number): Promise<string[]> =>
  pollUntil(`${count} ${tag} lines`, () => logged(kamailio, tag).length >= count && logged(kamailio, tag), {
    timeoutMs: 3000,
  });

describe('pjsip: digest answers reused through Kamailio challenging every MESSAGE with 407', () => {
  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`${algorithm}: only the first MESSAGE is challenged; the next ones carry the nonce with nc 2, 3 and all arrive`, async () => {
      const kamailio = await challengingProxy(algorithm);
      const bob = await phone(SENDS);
      const tech = pjsip({ config: conf(kamailio, bob, 'alice-secret') });
      const router = createRouter({ techs: [tech] });
      cleanups.push(() => router.close());
      for (let i = 1; i <= SENDS; i++) {
        const result = await router.send('pjsip:bob', { body: `m${i}` }, { waitForDelivery: true });
        expect(result.status, result.detail).toBe('SUCCESS');
      }
      await bob.waitForRequests(SENDS);
      expect(bob.requests().map((m) => m.body.trim())).toEqual(['m1', 'm2', 'm3']);
      const accepted = await loggedAtLeast(kamailio, 'PROXY-AUTH-OK', SENDS);
      expect(logged(kamailio, 'PROXY-CHALLENGE')).toHaveLength(1);
      expect(accepted.map((line) => /nc=([0-9a-f]+)/.exec(line)?.[1])).toEqual([
        '00000001',
        '00000002',
        '00000003',
      ]);
      expect(new Set(accepted.map((line) => /nonce="([^"]+)"/.exec(line)?.[1])).size).toBe(1);
      expect(accepted.every((line) => line.includes(`algorithm=${algorithm}`))).toBe(true);
    });
  }

  it('a reused nonce Kamailio has expired gets 407 stale=true: the client answers the new nonce and the MESSAGE arrives', async () => {
    const kamailio = await startKamailio({
      auth: { realm: REALM, users: { alice: 'alice-secret' }, proxyChallenge: true, nonceExpireSec: 1 },
    });
    cleanups.push(() => kamailio.stop());
    const bob = await phone(2);
    const challenges: string[] = [];
    const tech = pjsip({
      config: conf(kamailio, bob, 'alice-secret'),
      trace: (event) => {
        const text = event.bytes.toString('latin1');
        if (event.direction === 'in' && text.startsWith('SIP/2.0 407')) challenges.push(text);
      },
    });
    const router = createRouter({ techs: [tech] });
    cleanups.push(() => router.close());
    const first = await router.send('pjsip:bob', { body: 'm1' }, { waitForDelivery: true });
    expect(first.status, first.detail).toBe('SUCCESS');
    // Kamailio's own clock, in whole seconds, ends the nonce: nothing here can advance it, so wait.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const second = await router.send('pjsip:bob', { body: 'm2' }, { waitForDelivery: true });
    expect(second.status, second.detail).toBe('SUCCESS');
    await bob.waitForRequests(2);
    expect(bob.requests().map((m) => m.body.trim())).toEqual(['m1', 'm2']);
    // The first challenge is for a MESSAGE without credentials; the second refuses the cached nonce as stale.
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).not.toMatch(/stale=true/i);
    expect(challenges[1]).toMatch(/stale=true/i);
    const accepted = await loggedAtLeast(kamailio, 'PROXY-AUTH-OK', 2);
    const nonces = accepted.map((line) => /nonce="([^"]+)"/.exec(line)?.[1]);
    expect(new Set(nonces).size).toBe(2);
    expect(accepted.map((line) => /nc=([0-9a-f]+)/.exec(line)?.[1])).toEqual(['00000001', '00000001']);
  });

  it('wrong password: every MESSAGE is refused after its own challenge (nothing cached is replayed), none reaches the phone', async () => {
    const kamailio = await challengingProxy('MD5');
    const bob = await phone(1);
    const tech = pjsip({ config: conf(kamailio, bob, 'not-the-password') });
    const router = createRouter({ techs: [tech] });
    cleanups.push(() => router.close());
    for (let i = 0; i < 2; i++) {
      const result = await router.send('pjsip:bob', { body: 'x' }, { waitForDelivery: true });
      expect(result.status).toBe('FAILURE');
    }
    expect(bob.requests()).toHaveLength(0);
    expect(logged(kamailio, 'PROXY-AUTH-OK')).toHaveLength(0);
    // Each send: challenged, answered, challenged again, given up (no cached answer survives a refusal).
    expect(await loggedAtLeast(kamailio, 'PROXY-CHALLENGE', 4)).toHaveLength(4);
  });
});
