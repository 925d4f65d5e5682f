import { createRouter, type InboundMessage } from '@messagesend/core';
import {
  headerValue,
  registerScenario,
  runningPeers,
  runSippUac,
  type SippPeer,
  startSippUas,
  uacScenario,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sip } from '../src/index.js';

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
function routerWith(conf: string) {
  const tech = sip({ config: conf });
  const router = createRouter({ techs: [tech] });
  cleanups.push(() => router.close());
  return { tech, router };
}
const general = '[general]\nbindaddr=127.0.0.1\nbindport=0\n';

describe('sip: against a SIPp UAS', () => {
  it('each From form of the testsuite reaches SIPp as chan_sip prints it', async () => {
    const forms: [string | undefined, RegExp][] = [
      ['fred', /^"Johnny Appleseed" <sip:9876@127\.0\.0\.1:\d+>;tag=/],
      ['unknown_user', /^"unknown_user" <sip:asterisk@127\.0\.0\.1:\d+>;tag=/],
      [undefined, /^"asterisk" <sip:asterisk@127\.0\.0\.1:\d+>;tag=/],
      ['"Anonymous" <sip:anonymous@invalid>', /^"Anonymous" <sip:anonymous@invalid:\d+>;tag=/],
      ['<sip:6719@127.0.0.1>', /^"asterisk" <sip:6719@127\.0\.0\.1:\d+>;tag=/],
    ];
    const peer = await uas(
      forms.map(() => ({ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] })),
    );
    const { router } = routerWith(
      `${general}\n[fred]\ntype=friend\nhost=127.0.0.1\ncallerid="Johnny Appleseed" <9876>\n`,
    );
    for (const [from] of forms) {
      const result = await router.send(
        `sip:user@127.0.0.1:${peer.port}`,
        { body: 'héllo ✓' },
        { ...(from ? { from } : {}), waitForDelivery: true },
      );
      expect(result.status, result.detail).toBe('SUCCESS');
    }
    const requests = await peer.waitForRequests(forms.length);
    requests.forEach((request, i) => {
      expect(headerValue(request, 'From')).toMatch(forms[i]![1]);
      expect(headerValue(request, 'To')).toBe(`<sip:user@127.0.0.1:${peer.port}>`);
      expect(request.firstLine).toBe(`MESSAGE sip:user@127.0.0.1:${peer.port} SIP/2.0`);
      expect(request.body).toBe('héllo ✓');
    });
  });

  it('a peer reached by name answers 401, is authenticated with its secret, and the custom header is kept (message_auth_cust_hdr)', async () => {
    const peer = await uas([
      {
        request: 'MESSAGE',
        replies: [
          {
            status: 401,
            reason: 'Unauthorized',
            headers: ['WWW-Authenticate: Digest realm="sipp", nonce="n1", algorithm=MD5'],
          },
        ],
      },
      {
        request: 'MESSAGE',
        checks: [{ in: 'hdr', header: 'Authorization', regexp: 'username="user2"' }],
        replies: [{ status: 202, reason: 'Accepted' }],
      },
    ]);
    const { router } = routerWith(
      `${general}\n[user2]\ntype=peer\nhost=127.0.0.1\nport=${peer.port}\nusername=user2\nsecret=blah\n\n[fred]\ntype=friend\nhost=127.0.0.1\ncallerid="Johnny Appleseed" <9876>\n`,
    );
    const result = await router.send(
      'sip:user2',
      { body: 'authenticated', data: { 'X-Custom-Header': 'Custom shopping' } },
      { from: 'fred', waitForDelivery: true },
    );
    expect(result.status, result.detail).toBe('SUCCESS');
    const [first, second] = await peer.waitForRequests(2);
    expect(first!.firstLine).toBe(`MESSAGE sip:user2@127.0.0.1:${peer.port} SIP/2.0`);
    expect(headerValue(first!, 'X-Custom-Header')).toBe('Custom shopping');
    expect(headerValue(second!, 'X-Custom-Header')).toBe('Custom shopping');
    expect((await peer.stop()).errors).toEqual([]);
  });
});

describe('sip: dynamic peers and inbound MESSAGE against a SIPp UAC', () => {
  const conf = `${general}
[phone]
type=friend
host=dynamic
secret=s3cret

[carrier]
type=peer
host=127.0.0.1
`;

  it('a dynamic peer registers with digest auth and then receives sip:phone at its contact', async () => {
    const { tech, router } = routerWith(conf);
    expect(await router.send('sip:phone', { body: 'x' }, { dryRun: true })).toMatchObject({
      reason: 'CHAN_SIP_PEER_NOT_REGISTERED',
    });
    await router.start();
    const [udp] = tech.addresses();
    const phone = await uas([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]);
    const registered = await runSippUac({
      target: `${udp!.host}:${udp!.port}`,
      scenario: registerScenario({
        aor: `sip:phone@${udp!.host}:${udp!.port}`,
        contact: phone.uri('phone'),
        expires: 120,
        credentials: { username: 'phone', password: 's3cret' },
      }),
    });
    expect(registered.exit.code, registered.errors.join('\n')).toBe(0);
    const result = await router.send(
      'sip:phone',
      { body: 'to the registered phone' },
      { waitForDelivery: true },
    );
    expect(result.status, result.detail).toBe('SUCCESS');
    const [request] = await phone.waitForRequests(1);
    expect(request!.firstLine).toBe(`MESSAGE ${phone.uri('phone')} SIP/2.0`);
  });

  it('inbound: 202 to a handler with chan_sip fields; 415 for other types; 404 unrouted; 403 from an unknown sender', async () => {
    const { tech, router } = routerWith(conf);
    await router.start();
    const [udp] = tech.addresses();
    const target = `${udp!.host}:${udp!.port}`;
    const send = (from: string, expect: number, type = 'text/plain') =>
      runSippUac({
        target,
        scenario: uacScenario([
          { method: 'MESSAGE', from, headers: [`Content-Type: ${type}`], body: 'inbound', expect },
        ]),
      });
    expect((await send('<sip:carrier@[local_ip]:[local_port]>', 404)).exit.code).toBe(0);
    const received: InboundMessage[] = [];
    router.onMessage((message) => {
      received.push(message);
    });
    const accepted = await send('"Carrier" <sip:carrier@[local_ip]:[local_port]>', 202);
    expect(accepted.exit.code, accepted.errors.join('\n')).toBe(0);
    expect(received[0]).toMatchObject({
      tech: 'sip',
      endpoint: 'carrier',
      destination: 'sip:carrier',
      to: `sip:service@${udp!.host}:${udp!.port}`,
      from: expect.stringMatching(/^"Carrier" <sip:carrier@127\.0\.0\.1:\d+>$/),
      body: expect.stringMatching(/^inbound/),
    });
    expect(received[0]!.data).toMatchObject({
      SIP_PEERNAME: 'carrier',
      SIP_RECVADDR: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect((await send('<sip:carrier@[local_ip]:[local_port]>', 415, 'application/json')).exit.code).toBe(0);
    const stranger = sip({ config: `${general}\n[carrier]\ntype=peer\nhost=192.0.2.1\n` });
    const strangerRouter = createRouter({ techs: [stranger] });
    cleanups.push(() => strangerRouter.close());
    strangerRouter.onMessage(() => {});
    await strangerRouter.start();
    const [other] = stranger.addresses();
    const refused = await runSippUac({
      target: `${other!.host}:${other!.port}`,
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
    expect(refused.exit.code, refused.errors.join('\n')).toBe(0);
  });
});
