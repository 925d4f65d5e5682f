import { createRouter, type InboundMessage } from '@messagesend/core';
import type { RegistrationState } from '@messagesend/sip-ua';
import {
  type KamailioPeer,
  pollFor,
  runningPeers,
  sendSippMessage,
  startKamailio,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type SipTech, sip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function registrar(): Promise<KamailioPeer> {
  const kamailio = await startKamailio({ auth: { realm: 'trunk.test', users: { alice: 'alice-secret' } } });
  cleanups.push(() => kamailio.stop());
  return kamailio;
}

const conf = (kamailio: KamailioPeer, secret: string) => `
[general]
bindaddr=127.0.0.1
bindport=0
register => trunk?alice:${secret}@${kamailio.host}:${kamailio.port}/alice~60
registertimeout=1
registerattempts=2

[trunk]
type=peer
host=${kamailio.host}
port=${kamailio.port}
`;

/** The first state `accept` takes (polled; bounded by `ms`). */
const stateOf = (tech: SipTech, accept: (state: RegistrationState) => boolean, ms = 10_000) =>
  pollFor('the registration state', () => tech.outboundRegistrations()[0]!.state, accept, { timeoutMs: ms });

describe('sip.conf register => against a real Kamailio registrar with digest auth', () => {
  it('registers, a MESSAGE sent by SIPp through Kamailio reaches onMessage, close unregisters', async () => {
    const kamailio = await registrar();
    const tech = sip({ config: conf(kamailio, 'alice-secret') });
    const router = createRouter({ techs: [tech] });
    cleanups.push(() => router.close());
    const received: InboundMessage[] = [];
    router.onMessage((message) => {
      received.push(message);
    });
    await router.start();
    const registered = await stateOf(tech, (s) => s.status === 'registered' || s.status === 'rejected');
    expect(registered, kamailio.output().slice(-2000)).toMatchObject({ status: 'registered' });
    expect(tech.outboundRegistrations()[0]).toMatchObject({
      name: 'trunk',
      serverUri: `sip:${kamailio.host}:${kamailio.port}`,
      clientUri: `sip:alice@${kamailio.host}`,
    });
    const local = tech.addresses()[0]!;
    expect(await kamailio.locations()).toEqual([
      expect.objectContaining({ aor: 'alice', contact: `sip:alice@127.0.0.1:${local.port}` }),
    ]);

    const to = `sip:alice@${kamailio.host}:${kamailio.port}`;
    const sent = await sendSippMessage({
      target: `${kamailio.host}:${kamailio.port}`,
      to,
      body: 'from the provider',
    });
    expect(sent.exit.code, sent.errors.join('\n')).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ tech: 'sip', body: expect.stringMatching(/^from the provider/) });
    expect(received[0]!.data).toMatchObject({ SIP_PEERNAME: 'trunk' });

    await router.close();
    expect(tech.outboundRegistrations()[0]!.state).toEqual({ status: 'unregistered' });
    expect(await kamailio.locations()).toEqual([]);
  });

  it('a wrong secret is rejected and retried every registertimeout, registerattempts times, then permanent', async () => {
    const kamailio = await registrar();
    const tech = sip({ config: conf(kamailio, 'wrong-secret') });
    cleanups.push(() => tech.close?.() ?? Promise.resolve());
    await tech.start?.();
    expect(await stateOf(tech, (s) => s.status === 'rejected')).toMatchObject({
      permanent: false,
      code: 401,
      retries: 1,
    });
    const final = await stateOf(tech, (s) => s.status === 'rejected' && s.permanent, 15_000);
    expect(final).toMatchObject({ code: 401, retries: 2 });
    expect(await kamailio.locations()).toEqual([]);
    expect(JSON.stringify(tech.outboundRegistrations())).not.toContain('wrong-secret');
  });
});
