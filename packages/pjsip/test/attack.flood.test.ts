import { createRouter } from '@messagesend/core';
import { register, sendWithDigest, type Target } from '@messagesend/sip-ua/testing';
import { type RawSipClient, rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type PjsipTech, pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const FLOOD = 50;

describe('pjsip registrar bounds under a REGISTER flood (real UDP)', () => {
  it.each([false, true])(
    'max_contacts=3 (remove_existing=%s) holds against 50 contacts for one AOR, and alice keeps registering',
    async (removeExisting) => {
      const tech: PjsipTech = pjsip({
        config: `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[kiosk]
type=endpoint
aors=kiosk

[kiosk]
type=aor
max_contacts=3
remove_existing=${removeExisting ? 'yes' : 'no'}

[alice]
type=endpoint
aors=alice
auth=alice-auth

[alice]
type=aor
max_contacts=1

[alice-auth]
type=auth
username=alice
password=wonderland
`,
      });
      const router = createRouter({ techs: [tech] });
      cleanups.push(() => router.close());
      await router.start();
      const [udp] = tech.addresses();
      const target: Target = { host: udp!.host, port: udp!.port };
      const flooder: RawSipClient = await rawSipClient('127.0.0.3');
      const alice: RawSipClient = await rawSipClient('127.0.0.2');
      cleanups.push(
        () => flooder.close(),
        () => alice.close(),
      );
      // The unauthenticated endpoint is warned about at load; the bound still holds.
      expect(tech.warnings.some((w) => w.includes('[kiosk]') && w.includes('REGISTER'))).toBe(true);

      const statuses: number[] = [];
      let aliceAnswered = 0;
      for (let i = 0; i < FLOOD; i++) {
        const response = await flooder.send(
          target,
          register(target, 'kiosk', `sip:flood${i}@127.0.0.3:${5000 + i}`),
        );
        statuses.push(response.status);
        if (i % 10 === 0) {
          const own = await sendWithDigest(
            alice,
            target,
            register(target, 'alice', `sip:alice@127.0.0.2:${alice.port}`),
            {
              username: 'alice',
              password: 'wonderland',
            },
          );
          if (own.response.status === 200) aliceAnswered++;
        }
      }
      const bindings = tech.registrations.bindings('kiosk');
      expect(bindings.length).toBe(3);
      if (removeExisting) {
        // Each new contact replaces the oldest: always 200, never more than 3 kept.
        expect(statuses.every((s) => s === 200)).toBe(true);
        expect(bindings.map((b) => b.contact)).toEqual(
          [47, 48, 49].map((i) => `sip:flood${i}@127.0.0.3:${5000 + i}`),
        );
      } else {
        expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
        expect(statuses.slice(3)).toEqual(Array(FLOOD - 3).fill(403));
      }
      expect(aliceAnswered).toBe(FLOOD / 10);
      expect(tech.registrations.bindings('alice').map((b) => b.contact)).toEqual([
        `sip:alice@127.0.0.2:${alice.port}`,
      ]);
    },
  );
});
