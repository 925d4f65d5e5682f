import { startListener } from '@messagesend/sip-ua/testing';
import {
  type BaresipPeer,
  baresipSendingTo,
  isTracedMessage,
  registerAnswers,
  runningPeers,
  startBaresip,
  tracedHeader,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

// baresip (Debian 1.0.0) against chan_sip rules: a static peer with the phone's address, a
// host=dynamic peer it registers as with digest, and MESSAGEs from it through our challenge.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const SECRET = 'carol-s3cret';
const BODY = 'héllo from chan_sip ☃ "quoted" <tag> & tab\tend';

const conf = (phone: { port: number; transport: string } = { port: 9, transport: 'udp' }) => `[general]
bindaddr=127.0.0.1
bindport=0
tcpenable=yes

[phone]
type=peer
host=127.0.0.1
port=${phone.port}
defaultuser=carol
transport=${phone.transport}

[carol]
type=friend
host=dynamic
secret=${SECRET}
transport=udp,tcp
`;

async function phone(options: Parameters<typeof startBaresip>[0] = {}): Promise<BaresipPeer> {
  const peer = await startBaresip(options);
  cleanups.push(() => peer.stop());
  return peer;
}

async function listener(staticPhone?: { port: number; transport: string }) {
  const live = await startListener(sip({ config: conf(staticPhone), configFile: 'sip.conf' }));
  cleanups.push(() => live.close());
  if (!live.tcp) throw new Error('no TCP transport bound');
  return { ...live, tcp: live.tcp };
}

describe.each(['udp', 'tcp'] as const)('sip (chan_sip) and baresip 1.0.0 over %s', (transport) => {
  it('static peer: host and port of the phone, defaultuser; baresip gets the body exact; delivered 200', async () => {
    const carol = await phone();
    const live = await listener({ port: carol.port, transport });
    const result = await live.router.send('sip:phone', { body: BODY }, { waitForDelivery: true });
    expect(result).toMatchObject({ status: 'SUCCESS' });
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 200 });
    const [received] = await carol.waitForMessages(1);
    expect(received?.body).toBe(BODY);
    const request = carol.sipTrace().find(isTracedMessage);
    expect(request?.transport, carol.output()).toBe(transport.toUpperCase());
    expect(request?.firstLine).toBe(`MESSAGE sip:carol@127.0.0.1:${carol.port} SIP/2.0`);
  });

  it('host=dynamic peer: baresip registers with the secret, the MESSAGE goes to its registered contact', async () => {
    const live = await listener();
    const at = transport === 'udp' ? live.udp : live.tcp;
    const carol = await phone({
      domain: `${at.host}:${at.port}`,
      transport,
      password: SECRET,
      register: { regint: 60 },
    });
    await carol.waitForRegistered();
    const statuses = registerAnswers(carol.sipTrace());
    const via = transport.toUpperCase();
    expect(statuses).toEqual([`${via} SIP/2.0 401 Unauthorized`, `${via} SIP/2.0 200 OK`]);
    // baresip's Via has ;rport, so (nat=auto_force_rport) the binding is the REGISTER's source:
    // its SIP port over UDP, its connection's port over TCP (later MESSAGEs reuse the connection).
    const register = carol.sipTrace().find((p) => p.firstLine.startsWith('REGISTER '));
    if (transport === 'udp') expect(register?.src).toBe(`127.0.0.1:${carol.port}`);
    const [binding] = live.tech.registrations.bindings('carol');
    expect(binding?.contact).toMatch(
      new RegExp(`^sip:carol-\\w+@${register?.src}${transport === 'tcp' ? ';transport=tcp' : ''}$`),
    );

    const result = await live.router.send('sip:carol', { body: BODY }, { waitForDelivery: true });
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 200 });
    const [received] = await carol.waitForMessages(1);
    expect(received?.body).toBe(BODY);
    expect(carol.sipTrace().find(isTracedMessage)?.transport).toBe(via);
  });

  it('inbound from the friend: we challenge, baresip answers with the secret, onMessage gets the body exact', async () => {
    const live = await listener();
    const at = transport === 'udp' ? live.udp : live.tcp;
    const sending = baresipSendingTo(at, transport, SECRET);
    const carol = await phone(sending.options);
    await carol.sendMessage(sending.to, BODY);
    const final = await carol.waitForPacket((p) => /^SIP\/2\.0 2\d\d /.test(p.firstLine));
    expect(final.firstLine).toBe('SIP/2.0 202 Accepted');
    const requests = carol.sipTrace().filter(isTracedMessage);
    expect(requests.map((r) => r.transport)).toEqual([transport.toUpperCase(), transport.toUpperCase()]);
    expect(tracedHeader(requests[0]!, 'Authorization')).toBeUndefined();
    expect(tracedHeader(requests[1]!, 'Authorization')).toMatch(/^Digest username="carol", realm="asterisk"/);
    expect(live.received).toHaveLength(1);
    expect(live.received[0]).toMatchObject({
      body: BODY,
      endpoint: 'carol',
      tech: 'sip',
      destination: 'sip:carol',
    });
    expect(live.received[0]?.from).toBe(`<sip:carol@${at.host}:${at.port}>`);
  });
});
