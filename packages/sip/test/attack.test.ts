import { message, register, sendWithDigest, startListener, type Target } from '@messagesend/sip-ua/testing';
import { type RawSipClient, rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type SipOptions, sip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const CONF = `[general]
bindaddr=127.0.0.1
bindport=0

[phone]
type=friend
host=dynamic
secret=s3cret

[carrier]
type=peer
host=127.0.0.2
`;
const PHONE = { username: 'phone', password: 's3cret' };
const ATTACKS = 5;

async function start(options: Partial<SipOptions> = {}) {
  const live = await startListener(sip({ config: CONF, configFile: 'sip.conf', ...options }));
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

describe('sip (chan_sip): attacks over real UDP from 127.0.0.2/127.0.0.3', () => {
  it('a dynamic peer registration cannot be hijacked by replaying its digest answer with a new Call-ID and Contact', async () => {
    const { tech, target } = await start();
    const phone = await client('127.0.0.2');
    const sameAddress = await client('127.0.0.2');
    const elsewhere = await client('127.0.0.3');
    const noQop = await sendWithDigest(
      phone,
      target,
      register(target, 'phone', contactOf(phone, 'phone')),
      PHONE,
      false,
    );
    expect(noQop.response.status).toBe(403);
    const captured = await sendWithDigest(
      phone,
      target,
      register(target, 'phone', contactOf(phone, 'phone')),
      PHONE,
    );
    expect(captured.response.status).toBe(200);
    const outcomes: number[] = [];
    let legitimateAnswered = 0;
    for (let i = 0; i < ATTACKS; i++) {
      for (const attacker of [sameAddress, elsewhere]) {
        const replay = await attacker.send(target, {
          ...register(target, 'phone', contactOf(attacker, 'mallory')),
          headers: [
            `Contact: <${contactOf(attacker, 'mallory')}>`,
            'Expires: 600',
            `Authorization: ${captured.authorization}`,
          ],
        });
        outcomes.push(replay.status);
      }
      const refresh = await sendWithDigest(
        phone,
        target,
        register(target, 'phone', contactOf(phone, 'phone')),
        PHONE,
      );
      if (refresh.response.status === 200) legitimateAnswered++;
    }
    expect(outcomes).toEqual(Array.from({ length: ATTACKS }, () => [403, 401]).flat());
    expect(legitimateAnswered).toBe(ATTACKS);
    expect(tech.registrations.bindings('phone').map((b) => b.contact)).toEqual([contactOf(phone, 'phone')]);
  });

  it('with allowRfc2069Digest, a no-qop REGISTER answer works once and its replays are refused', async () => {
    const { tech, target } = await start({ allowRfc2069Digest: true });
    const phone = await client('127.0.0.2');
    const attacker = await client('127.0.0.2');
    const captured = await sendWithDigest(
      phone,
      target,
      register(target, 'phone', contactOf(phone, 'phone')),
      PHONE,
      false,
    );
    expect(captured.response.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < ATTACKS; i++) {
      const replay = await attacker.send(target, {
        ...register(target, 'phone', contactOf(attacker, 'mallory')),
        headers: [
          `Contact: <${contactOf(attacker, 'mallory')}>`,
          'Expires: 600',
          `Authorization: ${captured.authorization}`,
        ],
      });
      statuses.push(replay.status);
    }
    expect(statuses).toEqual(Array(ATTACKS).fill(403));
    expect(tech.registrations.bindings('phone').map((b) => b.contact)).toEqual([contactOf(phone, 'phone')]);
  });

  it('MESSAGE: replayed credentials are refused; a type=peer is identified by its address, never by a spoofed From user', async () => {
    const { received, target } = await start();
    const phone = await client('127.0.0.2');
    const carrier = await client('127.0.0.2');
    const spoofer = await client('127.0.0.3');
    const first = await sendWithDigest(phone, target, message(target, 'phone', 'hello'), PHONE);
    expect(first.response.status).toBe(202);
    const replays: number[] = [];
    const spoofs: number[] = [];
    for (let i = 0; i < ATTACKS; i++) {
      replays.push(
        (
          await spoofer.send(
            target,
            message(target, 'phone', 'hello', [`Authorization: ${first.authorization}`]),
          )
        ).status,
      );
      spoofs.push((await spoofer.send(target, message(target, 'carrier', 'spoofed'))).status);
      expect((await carrier.send(target, message(target, 'anything', `carrier ${i}`))).status).toBe(202);
    }
    // From 127.0.0.3 the phone's nonce is not good: challenged again (401), never accepted.
    expect(replays).toEqual(Array(ATTACKS).fill(401));
    expect(spoofs).toEqual(Array(ATTACKS).fill(403));
    expect(received.map((m) => `${m.endpoint}:${m.body}`)).toEqual([
      'phone:hello',
      ...Array.from({ length: ATTACKS }, (_, i) => `carrier:carrier ${i}`),
    ]);
  });

  it('warns at load, with file and line, about a host=dynamic peer without secret', () => {
    const tech = sip({ config: `${CONF}\n[open]\ntype=friend\nhost=dynamic\n`, configFile: 'sip.conf' });
    expect(tech.warnings).toEqual([
      expect.stringMatching(
        /^sip\.conf:14 \[open\]: peer "open" is host=dynamic without secret=: anyone can REGISTER/,
      ),
      expect.stringMatching(/^sip\.conf:14 \[open\]: friend "open" has no secret=/),
    ]);
  });
});
