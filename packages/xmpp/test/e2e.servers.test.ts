import type { InboundMessage } from '@messagesend/core';
import {
  runningPeers,
  type SlixmppClient,
  startEjabberd,
  startProsody,
  startSlixmpp,
} from '@messagesend/test-peers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanups,
  conf,
  receivedAtLeast,
  routerFor,
  runCleanups,
  USERS,
  userOf,
  type XmppServer,
} from './helpers.js';

/**
 * The same behaviour against both XMPP servers: Prosody and ejabberd. Each server starts once per
 * table row (ejabberd takes seconds), with a TLS-requiring twin for the STARTTLS cases; the
 * receivers are a raw @xmpp/client user and slixmpp (Python), which is not xmpp.js.
 */
type Peer = XmppServer & { caPem: string | undefined; stop(): Promise<void> };
const SERVERS: [string, (tls: boolean) => Promise<Peer>][] = [
  ['Prosody', (tls) => startProsody({ users: USERS, tls })],
  ['ejabberd', (tls) => startEjabberd({ users: USERS, tls })],
];

afterEach(runCleanups);
afterAll(() => expect(runningPeers()).toEqual([]));

/** Bodies a chat client sends every day, and the characters XML and transports trip on. */
const BODIES = [
  'XML specials: <b>bold</b> & &amp; "double" \'single\' ]]> <!-- not a comment -->',
  'non-ASCII: héllo wörld ✓ 日本語 \u{1F600} \u{10FFFF} \u00a0nbsp',
  'tabs\tinside\tand a trailing tab\t',
  'CR LF:\r\nsecond line\r\nthird',
  'lone CR:\rand lone LF:\nend',
  '  leading and trailing spaces  ',
];

/**
 * What slixmpp's conformant XML parser sees: both servers forward a CR as a raw byte (they do not
 * escape it again), and XML end-of-line handling turns a raw CR LF or CR into LF. xmpp.js's parser
 * does not normalise, so the raw @xmpp/client receiver gets the CR that was sent (as `&#13;`).
 */
const afterServerRewrite = (body: string): string => body.replace(/\r\n?/g, '\n');

describe.each(SERVERS)('xmpp against %s', (_name, start) => {
  let server: Peer;
  let tlsServer: Peer;
  beforeAll(async () => {
    [server, tlsServer] = await Promise.all([start(false), start(true)]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), tlsServer?.stop()]);
  });

  async function slixmpp(name: string, receipts = false): Promise<SlixmppClient> {
    const client = await startSlixmpp({
      service: server.service,
      jid: `${name}@${server.domain}/sx`,
      password: `${name}-pw`,
      receipts,
    });
    cleanups.push(() => client.stop());
    return client;
  }

  it('bodies with XML specials, non-ASCII, CR LF and tabs arrive exactly at an xmpp.js receiver and at slixmpp, each acknowledged', async () => {
    const bob = await userOf(server, 'bob');
    const carol = await slixmpp('carol');
    const router = routerFor(conf(server));
    for (const to of ['bob@localhost/test', 'carol@localhost/sx']) {
      const results = await Promise.all(
        BODIES.map((body) => router.send(`xmpp:${to}`, { body }, { from: 'xmpp:alice' })),
      );
      for (const result of results) {
        expect(result.status, result.detail).toBe('SUCCESS');
        expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
      }
    }
    expect(await bob.waitFor(BODIES.length)).toEqual(BODIES);
    const received = await carol.waitFor(BODIES.length);
    expect(received.map((message) => message.body)).toEqual(BODIES.map(afterServerRewrite));
    expect(received.every((message) => message.from === 'alice@localhost/messagesend')).toBe(true);
    expect(received.every((message) => message.type === 'chat')).toBe(true);
  });

  it('an inbound message from a raw client reaches router.onMessage with its body exact, and the reply goes back', async () => {
    const router = routerFor(conf(server, 'sendtodialplan=yes'));
    const received: InboundMessage[] = [];
    router.onMessage((message) => {
      received.push(message);
    });
    await router.start();
    const bob = await userOf(server, 'bob');
    const body = 'to alice: <3 & "é" \u{1F600}\ttab';
    await bob.send('alice@localhost', body);
    await receivedAtLeast(received);
    expect(received[0]).toMatchObject({ body, from: 'xmpp:bob@localhost/test', endpoint: 'alice' });
    const reply = await router.send(
      received[0]!.destination,
      { body: 'reply' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(reply.status, reply.detail).toBe('SUCCESS');
    expect(await bob.waitFor(1)).toEqual(['reply']);
  });

  it('with receipts: a slixmpp receipt makes it XMPP_RECEIPT; without one every report has the same code and wording', async () => {
    const carol = await slixmpp('carol', true);
    const bob = await userOf(server, 'bob');
    const router = routerFor(conf(server), { receipts: true });
    const confirmed = await router.send(
      'xmpp:carol@localhost/sx',
      { body: 'confirm me' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(confirmed.status, confirmed.detail).toBe('SUCCESS');
    expect(await confirmed.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_RECEIPT' });
    expect((await carol.waitFor(1)).map((message) => message.body)).toEqual(['confirm me']);
    // bob (xmpp.js, no receipts plugin) never answers: each report ends at its own deadline.
    const bounds = Array.from({ length: 20 }, (_, i) => 600 + i * 10);
    const results = await Promise.all(
      bounds.map((timeoutMs, i) =>
        router.send(
          'xmpp:bob@localhost/test',
          { body: `no receipt ${i}` },
          { from: 'xmpp:alice', timeoutMs },
        ),
      ),
    );
    const reports = await Promise.all(results.map((result) => result.delivery));
    expect(new Set(reports.map((report) => `${report.outcome} ${report.code} ${report.detail}`))).toEqual(
      new Set([
        'timeout XMPP_OUTCOME_UNKNOWN the server acknowledged the message but no receipt came from the recipient in time',
      ]),
    );
    expect(await bob.waitFor(bounds.length)).toHaveLength(bounds.length);
  });

  it("a stanza over the server's limit (maxStanzaBytes raised past it): the server's policy-violation reaches the report, the neighbours are delivered", async () => {
    const bob = await userOf(server, 'bob');
    const router = routerFor(conf(server), {
      maxStanzaBytes: 4 * 1024 * 1024,
      reconnectDelayMs: 50,
      ackRequestDelayMs: 20,
    });
    const before = await router.send(
      'xmpp:bob@localhost',
      { body: 'before' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(before.status, before.detail).toBe('SUCCESS');
    const big = await router.send(
      'xmpp:bob@localhost',
      { body: 'x'.repeat(300_000) },
      { from: 'xmpp:alice', timeoutMs: 9_000 },
    );
    expect(big.status).toBe('SUCCESS');
    const after = await router.send(
      'xmpp:bob@localhost',
      { body: 'after' },
      { from: 'xmpp:alice', timeoutMs: 9_000 },
    );
    const report = await big.delivery;
    expect(report).toMatchObject({ outcome: 'timeout', code: 'XMPP_OUTCOME_UNKNOWN' });
    expect(report.detail).toMatch(/the server ended the stream: policy-violation/);
    expect(await after.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    // 'after' may arrive twice: it was unacknowledged on the stream the server ended (at least once, R4.8).
    expect([...new Set((await bob.waitFor(2)).filter((body) => body.length < 100))]).toEqual([
      'before',
      'after',
    ]);
  });

  it('the body size limit: by default the stanza is refused before the server sees it; maxStanzaBytes sets it', async () => {
    // Online: ejabberd (no offline storage) answers a message to an offline user with a stanza error.
    await userOf(server, 'bob'); // online, so the server answers for bob
    const router = routerFor(conf(server));
    expect(
      await router.send('xmpp:bob@localhost', { body: 'x'.repeat(300_000) }, { from: 'xmpp:alice' }),
    ).toMatchObject({ status: 'FAILURE', reason: 'XMPP_BODY_TOO_LARGE' });
    const small = routerFor(conf(server), { maxStanzaBytes: 1_000 });
    const refused = await small.send('xmpp:bob@localhost', { body: 'é'.repeat(600) }, { from: 'xmpp:alice' });
    expect(refused).toMatchObject({ status: 'FAILURE', reason: 'XMPP_BODY_TOO_LARGE' });
    expect(refused.detail).toMatch(/over maxStanzaBytes \(1000\)/);
    const fits = await small.send(
      'xmpp:bob@localhost',
      { body: 'é'.repeat(300) },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(fits.status, fits.detail).toBe('SUCCESS');
  });

  it('usetls=no against a server that requires STARTTLS fails at once with XMPP_TLS_REQUIRED', async () => {
    const router = routerFor(conf(tlsServer, '', 'alice', 'no'));
    const started = Date.now();
    const result = await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' });
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_TLS_REQUIRED' });
    expect(result.detail).toMatch(/requires STARTTLS/);
    // The server said so in its first features: no waiting for the 8 s connect bound.
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('STARTTLS: the ca option makes the test CA trusted (beside the system roots); without it the certificate is refused', async () => {
    const trusted = routerFor(conf(tlsServer), { ca: tlsServer.caPem! });
    // To the account's own full JID: online, so no server answers it with an error.
    const ok = await trusted.send(
      'xmpp:alice@localhost/messagesend',
      { body: 'over tls' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(ok.status, ok.detail).toBe('SUCCESS');
    expect(await ok.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    const untrusted = routerFor(conf(tlsServer));
    const refused = await untrusted.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' });
    expect(refused).toMatchObject({ status: 'FAILURE', reason: 'XMPP_CONNECT_FAILED' });
    expect(refused.detail).toMatch(/certificate|self.signed|verify/i);
  });

  it('a wrong password is XMPP_AUTH_FAILED', async () => {
    const router = routerFor(conf(server).replace('secret=alice-pw', 'secret=wrong'));
    expect(await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_AUTH_FAILED',
    });
  });
});
