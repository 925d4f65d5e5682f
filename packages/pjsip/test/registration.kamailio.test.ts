import { createRouter, type InboundMessage } from '@messagesend/core';
import type { RegistrationState } from '@messagesend/sip-ua';
import {
  type KamailioPeer,
  pollFor,
  rawSipClient,
  runningPeers,
  sendSippMessage,
  startKamailio,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type PjsipTech, pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const REALM = 'trunk.test';

async function registrar(algorithm: 'MD5' | 'SHA-256' = 'MD5'): Promise<KamailioPeer> {
  const kamailio = await startKamailio({
    auth: { realm: REALM, users: { alice: 'alice-secret' }, algorithm },
  });
  cleanups.push(() => kamailio.stop());
  return kamailio;
}

const conf = (kamailio: KamailioPeer, password: string, extra = '') => `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[trunk-auth]
type=auth
username=alice
password=${password}
realm=${REALM}

[trunk]
type=registration
transport=udp
server_uri=sip:${kamailio.host}:${kamailio.port}
client_uri=sip:alice@${kamailio.host}:${kamailio.port}
contact_user=alice
outbound_auth=trunk-auth
expiration=60
line=yes
endpoint=trunk
${extra}

[trunk]
type=endpoint
context=from-trunk
outbound_auth=trunk-auth
`;

/** The first state `accept` takes (polled; bounded by `ms`). */
const stateOf = (tech: PjsipTech, accept: (state: RegistrationState) => boolean, ms = 10_000) =>
  pollFor('the registration state', () => tech.outboundRegistrations()[0]!.state, accept, { timeoutMs: ms });

describe('pjsip type=registration against a real Kamailio registrar with digest auth', () => {
  it.each(['MD5', 'SHA-256'] as const)(
    'registers (%s), a MESSAGE sent by SIPp through Kamailio to the registered address reaches onMessage, close unregisters',
    async (algorithm) => {
      const kamailio = await registrar(algorithm);
      // The registrar really challenges with this algorithm (and binds nothing without credentials).
      const raw = await rawSipClient();
      const challenge = await raw
        .send(kamailio, {
          method: 'REGISTER',
          uri: `sip:${kamailio.host}:${kamailio.port}`,
          from: `<sip:alice@${kamailio.host}>`,
          to: `<sip:alice@${kamailio.host}>`,
          headers: [`Contact: <sip:alice@127.0.0.1:${raw.port}>`],
        })
        .finally(() => raw.close());
      expect(challenge.status).toBe(401);
      expect(challenge.header('WWW-Authenticate')).toContain(`algorithm=${algorithm}`);
      const tech = pjsip({ config: conf(kamailio, 'alice-secret') });
      const router = createRouter({ techs: [tech] });
      cleanups.push(() => router.close());
      const received: InboundMessage[] = [];
      router.onMessage((message) => {
        received.push(message);
      });
      expect(tech.outboundRegistrations()[0]!.state).toEqual({ status: 'stopped' });
      await router.start();
      const registered = await stateOf(tech, (s) => s.status === 'registered' || s.status === 'rejected');
      expect(registered, kamailio.output().slice(-2000)).toMatchObject({ status: 'registered' });

      const [binding] = await kamailio.locations();
      const local = tech.addresses()[0]!;
      expect(binding).toMatchObject({ aor: 'alice' });
      expect(binding!.contact).toMatch(new RegExp(`^sip:alice@127\\.0\\.0\\.1:${local.port};line=[a-z]{8}$`));

      const to = `sip:alice@${kamailio.host}:${kamailio.port}`;
      const sent = await sendSippMessage({
        target: `${kamailio.host}:${kamailio.port}`,
        to,
        body: 'from the provider',
      });
      expect(sent.exit.code, sent.errors.join('\n')).toBe(0);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ tech: 'pjsip', endpoint: 'trunk', body: 'from the provider' });

      await router.close();
      expect(tech.outboundRegistrations()[0]!.state).toEqual({ status: 'unregistered' });
      expect(await kamailio.locations()).toEqual([]);
    },
  );

  it('refreshes before the granted expiry (10 s before it, as pjsip): the binding stays', async () => {
    const kamailio = await registrar();
    const tech = pjsip({ config: conf(kamailio, 'alice-secret').replace('expiration=60', 'expiration=11') });
    cleanups.push(() => tech.close?.() ?? Promise.resolve());
    await tech.start?.();
    const first = await stateOf(tech, (s) => s.status === 'registered');
    const { expiresAt, refreshAt } = first as { expiresAt: number; refreshAt: number };
    expect(expiresAt - refreshAt).toBe(10_000);
    const refreshed = await stateOf(
      tech,
      (s) => s.status === 'registered' && s.expiresAt > expiresAt + 500,
      5_000,
    );
    expect(refreshed).toMatchObject({ status: 'registered' });
    expect(await kamailio.locations()).toHaveLength(1);
  });

  it('a wrong password is reported as rejected, retried every retry_interval up to max_retries, then permanent', async () => {
    const kamailio = await registrar();
    const tech = pjsip({
      config: conf(kamailio, 'wrong', 'auth_rejection_permanent=no\nretry_interval=1\nmax_retries=2'),
    });
    cleanups.push(() => tech.close?.() ?? Promise.resolve());
    const seen: RegistrationState[] = [];
    await tech.start?.();
    const first = await stateOf(tech, (s) => s.status === 'rejected');
    seen.push(first);
    expect(first).toMatchObject({ status: 'rejected', permanent: false, code: 401, retries: 1 });
    expect((first as { retryAt: number }).retryAt).toBeGreaterThan(Date.now() - 100);
    const final = await stateOf(tech, (s) => s.status === 'rejected' && s.permanent, 15_000);
    expect(final).toMatchObject({ status: 'rejected', permanent: true, code: 401, retries: 2 });
    // Three REGISTER rounds reached Kamailio: the first and two retries; nothing was bound.
    expect(await kamailio.locations()).toEqual([]);
    expect(JSON.stringify(tech.outboundRegistrations())).not.toContain('wrong');
  });

  it('with auth_rejection_permanent=yes (the default) a wrong password stops at once', async () => {
    const kamailio = await registrar();
    const tech = pjsip({ config: conf(kamailio, 'wrong') });
    cleanups.push(() => tech.close?.() ?? Promise.resolve());
    await tech.start?.();
    expect(await stateOf(tech, (s) => s.status === 'rejected')).toMatchObject({
      permanent: true,
      code: 401,
      retries: 0,
    });
  });
});
