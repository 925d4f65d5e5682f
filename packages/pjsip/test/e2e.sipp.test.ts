import { createRouter, type InboundMessage } from '@messagesend/core';
import {
  headerValue,
  registerScenario,
  runningPeers,
  runSippUac,
  type SippPeer,
  startKamailio,
  startSippUas,
  uacScenario,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type PjsipOptions, type PjsipTech, pjsip } from '../src/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function uas(...args: Parameters<typeof uasScenario>): Promise<SippPeer> {
  const peer = await startSippUas({ scenario: uasScenario(...args) });
  cleanups.push(() => peer.stop());
  return peer;
}

function techWith(
  conf: string,
  options: Omit<PjsipOptions, 'config'> = {},
): { tech: PjsipTech; router: ReturnType<typeof createRouter> } {
  const tech = pjsip({ ...options, config: conf });
  const router = createRouter({ techs: [tech] });
  cleanups.push(() => router.close());
  return { tech, router };
}

const base = (extra: string) => `
[global]
type=global
default_outbound_endpoint=default
; SIPp sends from 127.0.0.1 like everyone here: try the From user before the 127/8 identify.
endpoint_identifier_order=username,ip,anonymous

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[tcp]
type=transport
protocol=tcp
bind=127.0.0.1:0

[default]
type=endpoint
${extra}`;

describe('pjsip: against a SIPp UAS', () => {
  it('endpoint, URI and dial-string forms reach SIPp with the Request-URI, From, To, headers and UTF-8 body Asterisk would send', async () => {
    const peer = await uas(
      Array.from({ length: 3 }, () => ({
        request: 'MESSAGE',
        replies: [{ status: 202, reason: 'Accepted' }],
      })),
    );
    const { router } = techWith(
      base(`
[bob]
type=endpoint
aors=bob

[bob]
type=aor
contact=sip:bob@127.0.0.1:${peer.port}
`),
    );
    const message = { body: 'héllo wörld ✓', data: { 'X-Custom-Header': 'Customized' } };
    const sends = [
      await router.send('pjsip:bob', message, {
        from: '"Alice" <sip:alice@example.com>',
        waitForDelivery: true,
      }),
      await router.send(`pjsip:"Robert" <sip:robert@127.0.0.1:${peer.port}>`, message, {
        waitForDelivery: true,
      }),
      await router.send('pjsip:PJSIP/8005551212@bob', message, {
        to: 'sip:ralph@somewhere.com',
        waitForDelivery: true,
      }),
    ];
    for (const result of sends) expect(result.status, result.detail).toBe('SUCCESS');
    expect(await sends[0]!.delivery).toMatchObject({ outcome: 'delivered', code: 202 });
    const [first, second, third] = await peer.waitForRequests(3);
    expect(first!.firstLine).toBe(`MESSAGE sip:bob@127.0.0.1:${peer.port} SIP/2.0`);
    expect(headerValue(first!, 'From')).toMatch(/^"Alice" <sip:alice@example\.com>;tag=/);
    expect(headerValue(first!, 'To')).toBe('<sip:bob@127.0.0.1>');
    expect(headerValue(first!, 'X-Custom-Header')).toBe('Customized');
    expect(headerValue(first!, 'Contact')).toBeUndefined();
    expect(first!.body).toBe('héllo wörld ✓');
    expect(second!.firstLine).toBe(`MESSAGE sip:robert@127.0.0.1:${peer.port} SIP/2.0`);
    expect(headerValue(second!, 'To')).toBe('"Robert" <sip:robert@127.0.0.1>');
    expect(headerValue(second!, 'From')).toMatch(/^<sip:default@127\.0\.0\.1>;tag=/);
    expect(third!.firstLine).toBe(`MESSAGE sip:8005551212@127.0.0.1:${peer.port} SIP/2.0`);
    expect(headerValue(third!, 'To')).toBe('<sip:ralph@somewhere.com>');
    expect((await peer.stop()).errors).toEqual([]);
  });

  it('answers a 401 with outbound_auth, keeping the custom header; a 404 is a rejected delivery', async () => {
    const peer = await uas([
      {
        request: 'MESSAGE',
        replies: [
          {
            status: 401,
            reason: 'Unauthorized',
            headers: ['WWW-Authenticate: Digest realm="asterisk", nonce="abc", algorithm=MD5, qop="auth"'],
          },
        ],
      },
      {
        request: 'MESSAGE',
        checks: [{ in: 'hdr', header: 'Authorization', regexp: 'username="trunkuser"' }],
        replies: [{ status: 202, reason: 'Accepted' }],
      },
    ]);
    const refusing = await uas([{ request: 'MESSAGE', replies: [{ status: 404, reason: 'Not Found' }] }]);
    const { router } = techWith(
      base(`
[itsp]
type=endpoint
aors=itsp
outbound_auth=itsp-auth

[itsp]
type=aor
contact=sip:itsp@127.0.0.1:${peer.port}

[gone]
type=endpoint
aors=gone

[gone]
type=aor
contact=sip:gone@127.0.0.1:${refusing.port}

[itsp-auth]
type=auth
auth_type=userpass
username=trunkuser
password=trunkpass
`),
    );
    const authed = await router.send(
      'pjsip:itsp',
      { body: 'x', data: { 'X-Kept': 'yes' } },
      { waitForDelivery: true },
    );
    expect(authed.status, authed.detail).toBe('SUCCESS');
    const [, retried] = await peer.waitForRequests(2);
    expect(headerValue(retried!, 'X-Kept')).toBe('yes');
    const rejected = await router.send('pjsip:gone', { body: 'x' });
    expect(rejected.status).toBe('SUCCESS'); // Asterisk's meaning: handed to the transport
    expect(await rejected.delivery).toMatchObject({ outcome: 'rejected', code: 404 });
    expect((await peer.stop()).errors).toEqual([]);
  });

  it('goes through Kamailio as outbound proxy (Route header, loose routing)', async () => {
    const kamailio = await startKamailio();
    cleanups.push(() => kamailio.stop());
    const peer = await uas([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]);
    const { router } = techWith(
      base(`
[via-proxy]
type=endpoint
aors=via-proxy
outbound_proxy=${kamailio.uri}

[via-proxy]
type=aor
contact=sip:carol@127.0.0.1:${peer.port}
`),
    );
    const result = await router.send(
      'pjsip:via-proxy',
      { body: 'through kamailio' },
      { waitForDelivery: true },
    );
    expect(result.status, `${result.detail}\n${kamailio.output().slice(-2000)}`).toBe('SUCCESS');
    const [request] = await peer.waitForRequests(1);
    expect(request!.firstLine).toBe(`MESSAGE sip:carol@127.0.0.1:${peer.port} SIP/2.0`);
    expect(request!.body).toBe('through kamailio');
    // Kamailio consumed its Route entry and added its own Via above ours.
    expect(request!.headers.filter(([name]) => name === 'Via')).toHaveLength(2);
  });
});

describe('pjsip: registrar and inbound MESSAGE against a SIPp UAC', () => {
  const conf = base(`
[alice]
type=endpoint
aors=alice
auth=alice-auth
callerid="Alice Liddell" <100>

[alice]
type=aor
max_contacts=1
remove_existing=yes
minimum_expiration=1

[alice-auth]
type=auth
auth_type=userpass
username=alice
password=wonderland

[bob]
type=endpoint
aors=bob

[bob]
type=aor
contact=sip:bob@127.0.0.1:9

[gateway]
type=endpoint

[gateway-by-ip]
type=identify
endpoint=gateway
match=127.0.0.0/8
`);

  it('REGISTER with digest auth makes pjsip:alice reach the registered contact; expiry removes it', async () => {
    // The technology's clock, advanced past the binding's 2 s instead of sleeping them.
    let laterMs = 0;
    const { tech, router } = techWith(conf, { now: () => Date.now() + laterMs });
    await router.start();
    const [udp] = tech.addresses();
    const phone = await uas([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]);
    const registered = await runSippUac({
      target: `${udp!.host}:${udp!.port}`,
      scenario: registerScenario({
        aor: `sip:alice@${udp!.host}:${udp!.port}`,
        contact: phone.uri('alice'),
        expires: 2,
        credentials: { username: 'alice', password: 'wonderland' },
      }),
    });
    expect(registered.exit.code, registered.errors.join('\n')).toBe(0);
    expect(tech.registrations.bindings('alice').map((b) => b.contact)).toEqual([phone.uri('alice')]);

    const result = await router.send(
      'pjsip:alice',
      { body: 'you are registered' },
      { waitForDelivery: true },
    );
    expect(result.status, result.detail).toBe('SUCCESS');
    const [request] = await phone.waitForRequests(1);
    expect(request!.firstLine).toBe(`MESSAGE ${phone.uri('alice')} SIP/2.0`);

    laterMs = 2_000;
    expect(tech.registrations.bindings('alice', Date.now() + laterMs)).toEqual([]);
    expect(await router.send('pjsip:alice', { body: 'gone' })).toMatchObject({
      status: 'FAILURE',
      reason: 'PJSIP_NO_CONTACT',
    });
  });

  it('inbound MESSAGE: 202 when a handler takes it (with Asterisk fields), 404 without, 415 for other types, 401 then 403 for bad credentials, 403 for an unknown sender', async () => {
    const { tech, router } = techWith(conf);
    await router.start();
    const [udp] = tech.addresses();
    const target = `${udp!.host}:${udp!.port}`;
    const to = `sip:bob@${udp!.host}:${udp!.port}`;
    const message = (from: string, expect: number, headers: string[] = ['Content-Type: text/plain']) =>
      uacScenario([
        { method: 'MESSAGE', requestUri: to, from, to: `<${to}>`, headers, body: 'inbound héllo', expect },
      ]);

    // No handler yet: 404.
    expect(
      (await runSippUac({ target, scenario: message('<sip:bob@[local_ip]:[local_port]>', 404) })).exit.code,
    ).toBe(0);

    const received: InboundMessage[] = [];
    router.onMessage((msg) => {
      received.push(msg);
    });
    const accepted = await runSippUac({
      target,
      scenario: message('"Bobby" <sip:bob@[local_ip]:[local_port]>', 202),
    });
    expect(accepted.exit.code, accepted.errors.join('\n')).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      tech: 'pjsip',
      endpoint: 'bob',
      destination: 'pjsip:bob',
      body: 'inbound héllo',
      to: `pjsip:bob@${udp!.host}`,
      from: expect.stringMatching(/^"Bobby" <sip:bob@127\.0\.0\.1>$/),
    });
    expect(received[0]!.data).toMatchObject({
      PJSIP_TRANSPORT: 'udp',
      PJSIP_RECVADDR: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      'Content-Type': 'text/plain',
    });

    // Identified by IP (identify match=127.0.0.0/8) for a From user that is no endpoint.
    const byIp = await runSippUac({
      target,
      scenario: message('<sip:stranger@[local_ip]:[local_port]>', 202),
    });
    expect(byIp.exit.code).toBe(0);
    expect(received[1]!.endpoint).toBe('gateway');

    expect(
      (
        await runSippUac({
          target,
          scenario: message('<sip:bob@[local_ip]:[local_port]>', 415, ['Content-Type: application/json']),
        })
      ).exit.code,
    ).toBe(0);

    // alice has auth=: challenged, and refused with the wrong password.
    const wrong = uacScenario([
      {
        method: 'MESSAGE',
        requestUri: to,
        from: '<sip:alice@[local_ip]:[local_port]>',
        to: `<${to}>`,
        headers: ['Content-Type: text/plain'],
        body: 'x',
        expect: 401,
      },
      {
        method: 'MESSAGE',
        requestUri: to,
        from: '<sip:alice@[local_ip]:[local_port]>',
        to: `<${to}>`,
        headers: ['Content-Type: text/plain', '[authentication username=alice password=nope]'],
        body: 'x',
        expect: 403,
      },
    ]);
    expect((await runSippUac({ target, scenario: wrong })).exit.code).toBe(0);
    expect(received).toHaveLength(2);
  });

  it('an unknown sender is refused 403 when no identify matches', async () => {
    const { tech, router } = techWith(base('\n[bob]\ntype=endpoint\n'));
    router.onMessage(() => {});
    await router.start();
    const [udp] = tech.addresses();
    const result = await runSippUac({
      target: `${udp!.host}:${udp!.port}`,
      scenario: uacScenario([
        {
          method: 'MESSAGE',
          from: '<sip:mallory@[local_ip]:[local_port]>',
          headers: ['Content-Type: text/plain'],
          body: 'x',
          expect: 403,
        },
      ]),
    });
    expect(result.exit.code, result.errors.join('\n')).toBe(0);
  });
});
