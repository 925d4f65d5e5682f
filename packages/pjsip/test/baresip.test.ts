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
import { pjsip } from '../src/index.js';

// baresip (Debian 1.0.0) is a real SIP phone nobody here wrote: static contact, registered with
// digest to our registrar, and sending to us through our digest challenge, over UDP and TCP.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const PASSWORD = 'carol-pw-9';
const BODY = 'héllo from pjsip ☃ "quoted" <tag> & tab\tend';

const conf = (staticContact = 'sip:nobody@127.0.0.1:9') => `
[global]
type=global
endpoint_identifier_order=username,ip

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[tcp]
type=transport
protocol=tcp
bind=127.0.0.1:0

[phone]
type=endpoint
aors=phone

[phone]
type=aor
contact=${staticContact.replace(/;/g, '\\;')}

[carol]
type=endpoint
aors=carol
auth=carol-auth

[carol]
type=aor
max_contacts=1
remove_existing=yes

[carol-auth]
type=auth
auth_type=userpass
username=carol
password=${PASSWORD}
`;

async function phone(options: Parameters<typeof startBaresip>[0] = {}): Promise<BaresipPeer> {
  const peer = await startBaresip(options);
  cleanups.push(() => peer.stop());
  return peer;
}

async function listener(staticContact?: string) {
  const live = await startListener(pjsip({ config: conf(staticContact) }));
  cleanups.push(() => live.close());
  if (!live.tcp) throw new Error('no TCP transport bound');
  return { ...live, tcp: live.tcp };
}

describe.each(['udp', 'tcp'] as const)('pjsip and baresip 1.0.0 over %s', (transport) => {
  it('static contact: an AOR contact with the phone address reaches baresip with the body exact; delivered 200', async () => {
    const carol = await phone();
    const live = await listener(carol.uri(transport));
    const result = await live.router.send('pjsip:phone', { body: BODY }, { waitForDelivery: true });
    expect(result).toMatchObject({ status: 'SUCCESS' });
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 200 });
    const [received] = await carol.waitForMessages(1);
    expect(received?.body).toBe(BODY);
    const request = carol.sipTrace().find(isTracedMessage);
    expect(request?.transport, carol.output()).toBe(transport.toUpperCase());
    expect(request?.firstLine).toBe(`MESSAGE ${carol.uri(transport)} SIP/2.0`);
  });

  it('registered with digest to our AOR: the binding holds its Contact and a MESSAGE goes through it', async () => {
    const live = await listener();
    const at = transport === 'udp' ? live.udp : live.tcp;
    const carol = await phone({
      domain: `${at.host}:${at.port}`,
      transport,
      password: PASSWORD,
      register: { regint: 60 },
    });
    await carol.waitForRegistered();
    // baresip answered our 401 before the REGISTER was accepted.
    const statuses = registerAnswers(carol.sipTrace());
    const via = transport.toUpperCase();
    expect(statuses).toEqual([`${via} SIP/2.0 401 Unauthorized`, `${via} SIP/2.0 200 OK`]);
    const [binding] = live.tech.registrations.bindings('carol');
    expect(binding?.contact).toContain(`@127.0.0.1:${carol.port}`);
    if (transport === 'tcp') expect(binding?.contact).toContain('transport=tcp');

    const result = await live.router.send('pjsip:carol', { body: BODY }, { waitForDelivery: true });
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 200 });
    const [received] = await carol.waitForMessages(1);
    expect(received?.body).toBe(BODY);
    expect(carol.sipTrace().find(isTracedMessage)?.transport).toBe(transport.toUpperCase());
  });

  it('inbound with digest: we challenge, baresip answers, onMessage gets the body exact', async () => {
    const live = await listener();
    const at = transport === 'udp' ? live.udp : live.tcp;
    const sending = baresipSendingTo(at, transport, PASSWORD);
    const carol = await phone(sending.options);
    await carol.sendMessage(sending.to, BODY);
    const final = await carol.waitForPacket((p) => /^SIP\/2\.0 2\d\d /.test(p.firstLine));
    expect(final.firstLine).toBe('SIP/2.0 202 Accepted');
    const requests = carol.sipTrace().filter(isTracedMessage);
    expect(requests).toHaveLength(2);
    expect(tracedHeader(requests[0]!, 'Authorization')).toBeUndefined();
    expect(tracedHeader(requests[1]!, 'Authorization')).toMatch(/^Digest username="carol", realm="asterisk"/);
    expect(requests.map((r) => r.transport)).toEqual([transport.toUpperCase(), transport.toUpperCase()]);
    expect(
      carol
        .sipTrace()
        .filter((p) => p.firstLine.startsWith('SIP/2.0 '))
        .map((p) => p.firstLine),
    ).toEqual(['SIP/2.0 401 Unauthorized', 'SIP/2.0 202 Accepted']);
    expect(live.received).toHaveLength(1);
    expect(live.received[0]).toMatchObject({ body: BODY, endpoint: 'carol', tech: 'pjsip' });
    expect(live.received[0]?.from).toBe(`<sip:carol@${at.host}>`);
  });
});

describe('baresip 1.0.0 facts the tests above rely on', () => {
  it('a ;transport=tcp contact is sent over UDP, with the parameter dropped from the Request-URI', async () => {
    const live = await listener();
    const target = `sip:bob@${live.tcp.host}:${live.tcp.port};transport=tcp`;
    const carol = await phone({
      domain: `${live.tcp.host}:${live.tcp.port}`,
      transport: 'tcp',
      contacts: [target],
    });
    await carol.sendMessage(target, BODY);
    const request = await carol.waitForPacket(isTracedMessage);
    expect([request.transport, request.dst, request.firstLine]).toEqual([
      'UDP',
      `${live.tcp.host}:${live.tcp.port}`,
      `MESSAGE sip:bob@${live.tcp.host}:${live.tcp.port} SIP/2.0`,
    ]);
  });
});
