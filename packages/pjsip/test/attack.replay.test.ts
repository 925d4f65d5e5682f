import { message, register, sendWithDigest, startListener, type Target } from '@messagesend/sip-ua/testing';
import { type RawSipClient, rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type PjsipOptions, pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const CONF = `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[alice]
type=endpoint
aors=alice
auth=alice-auth

[alice]
type=aor
max_contacts=1
remove_existing=yes

[alice-auth]
type=auth
username=alice
password=wonderland

[bob]
type=endpoint
identify_by=ip
`;
const ALICE = { username: 'alice', password: 'wonderland' };
const ATTACKS = 5;

async function start(options: Partial<PjsipOptions> = {}) {
  const live = await startListener(pjsip({ config: CONF, ...options }));
  cleanups.push(() => live.close());
  return {
    tech: live.tech,
    received: live.received,
    target: { host: live.udp.host, port: live.udp.port } as Target,
  };
}

async function client(address: string): Promise<RawSipClient> {
  const c = await rawSipClient(address);
  cleanups.push(() => c.close());
  return c;
}

const contactOf = (c: RawSipClient, user: string) => `sip:${user}@${c.address}:${c.port}`;

describe('pjsip: a captured digest answer cannot be replayed (real UDP, attacker on 127.0.0.2/127.0.0.3)', () => {
  it('REGISTER: an RFC 2069 (no qop) answer is refused by default; a qop=auth answer replayed with a new Call-ID and Contact is refused every time, from the same or another address, while alice keeps registering', async () => {
    const { tech, target } = await start();
    const alice = await client('127.0.0.2');
    const sameAddress = await client('127.0.0.2');
    const elsewhere = await client('127.0.0.3');

    const noQop = await sendWithDigest(
      alice,
      target,
      register(target, 'alice', contactOf(alice, 'alice')),
      ALICE,
      false,
    );
    expect(noQop.response.status).toBe(403);
    expect(noQop.response.reason).toMatch(/qop/);

    const captured = await sendWithDigest(
      alice,
      target,
      register(target, 'alice', contactOf(alice, 'alice')),
      ALICE,
    );
    expect(captured.response.status).toBe(200);
    const outcomes: number[] = [];
    let legitimateAnswered = 0;
    for (let i = 0; i < ATTACKS; i++) {
      for (const attacker of [sameAddress, elsewhere]) {
        const replay = await attacker.send(target, {
          ...register(target, 'alice', contactOf(attacker, 'mallory')),
          cseq: 2,
          headers: [
            `Contact: <${contactOf(attacker, 'mallory')}>`,
            'Expires: 600',
            `Authorization: ${captured.authorization}`,
          ],
        });
        outcomes.push(replay.status);
      }
      const refresh = await sendWithDigest(
        alice,
        target,
        register(target, 'alice', contactOf(alice, 'alice')),
        ALICE,
      );
      if (refresh.response.status === 200) legitimateAnswered++;
    }
    // Same address: the nonce count was used (403); another address: the nonce is not its own (401).
    expect(outcomes).toEqual(Array.from({ length: ATTACKS }, () => [403, 401]).flat());
    expect(legitimateAnswered).toBe(ATTACKS);
    expect(tech.registrations.bindings('alice').map((b) => b.contact)).toEqual([contactOf(alice, 'alice')]);
  });

  it('with allowRfc2069Digest, a no-qop answer registers once; five replays with new Call-IDs are refused', async () => {
    const { tech, target } = await start({ allowRfc2069Digest: true });
    const alice = await client('127.0.0.2');
    const attacker = await client('127.0.0.2');
    const captured = await sendWithDigest(
      alice,
      target,
      register(target, 'alice', contactOf(alice, 'alice')),
      ALICE,
      false,
    );
    expect(captured.authorization).not.toContain('qop=');
    expect(captured.response.status).toBe(200);
    let accepted = 0;
    let legitimateAnswered = 0;
    for (let i = 0; i < ATTACKS; i++) {
      const replay = await attacker.send(target, {
        ...register(target, 'alice', contactOf(attacker, 'mallory')),
        headers: [
          `Contact: <${contactOf(attacker, 'mallory')}>`,
          'Expires: 600',
          `Authorization: ${captured.authorization}`,
        ],
      });
      expect(replay.status).toBe(403);
      if (replay.status < 300) accepted++;
      const again = await sendWithDigest(
        alice,
        target,
        register(target, 'alice', contactOf(alice, 'alice')),
        ALICE,
        false,
      );
      if (again.response.status === 200) legitimateAnswered++;
    }
    expect(accepted).toBe(0);
    expect(legitimateAnswered).toBe(ATTACKS);
    expect(tech.registrations.bindings('alice').map((b) => b.contact)).toEqual([contactOf(alice, 'alice')]);
  });

  it("MESSAGE: a replayed authenticated MESSAGE is refused and not delivered; alice's own messages are", async () => {
    const { received, target } = await start();
    const alice = await client('127.0.0.2');
    const attacker = await client('127.0.0.2');
    const first = await sendWithDigest(alice, target, message(target, 'alice', 'hello bob'), ALICE);
    expect(first.response.status).toBe(202);
    const statuses: number[] = [];
    for (let i = 0; i < ATTACKS; i++) {
      const replay = await attacker.send(
        target,
        message(target, 'alice', 'hello bob', [`Authorization: ${first.authorization}`]),
      );
      statuses.push(replay.status);
      const own = await sendWithDigest(alice, target, message(target, 'alice', `own ${i}`), ALICE);
      expect(own.response.status).toBe(202);
    }
    expect(statuses).toEqual(Array(ATTACKS).fill(403));
    expect(received.map((m) => m.body)).toEqual(['hello bob', 'own 0', 'own 1', 'own 2', 'own 3', 'own 4']);
  });
});
