import { createServer, Socket } from 'node:net';
import { createRouter, type InboundMessage } from '@messagesend/core';
import { freePort, type ProsodyPeer, runningPeers, startProsody } from '@messagesend/test-peers';
import { xml } from '@xmpp/client';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { xmpp } from '../src/index.js';
import {
  cleanups,
  conf,
  rawUser,
  receivedAtLeast,
  routerFor,
  runCleanups,
  USERS,
  userOf,
} from './helpers.js';

afterEach(runCleanups);
afterAll(() => expect(runningPeers()).toEqual([]));

async function prosody(tls = false): Promise<ProsodyPeer> {
  const peer = await startProsody({ users: USERS, tls });
  cleanups.push(() => peer.stop());
  return peer;
}
const BODY = 'héllo <b>&amp;</b> "quotes" \u{1F600} & done';

describe('xmpp: against a real Prosody', () => {
  it('alice sends bob a chat message: bob gets exactly the body, the server ack makes it delivered', async () => {
    const server = await prosody();
    const bob = await userOf(server, 'bob');
    const router = routerFor(conf(server));
    const result = await router.send(
      'xmpp:bob@localhost',
      { body: BODY },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    expect(await bob.waitFor(1)).toEqual([BODY]);
    const second = await router.send(
      'XMPP:bob@localhost/test',
      { body: 'to the full JID' },
      { from: 'anything:ALICE' },
    );
    expect(second.status).toBe('SUCCESS');
    expect(await bob.waitFor(2)).toEqual([BODY, 'to the full JID']);
  });

  it('a body XML 1.0 forbids is refused (XMPP_BODY_INVALID) and never reaches the stream: its neighbours are delivered', async () => {
    const server = await prosody();
    const bob = await userOf(server, 'bob');
    const router = routerFor(conf(server));
    const bad = ['nul \u0000', 'soh \u0001', 'fffe \uFFFE', 'ffff \uFFFF', 'lone \uD800 surrogate'];
    const bodies = ['first', ...bad.flatMap((body, i) => [body, `good ${i}`])];
    // Sent back to back on one stream: a forbidden character there would make Prosody drop it all.
    const results = await Promise.all(
      bodies.map((body) => router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice' })),
    );
    const good = bodies.filter((body) => !bad.includes(body));
    for (const [i, result] of results.entries()) {
      if (bad.includes(bodies[i]!)) {
        expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_BODY_INVALID' });
        expect(await result.delivery).toMatchObject({ outcome: 'not-sent', code: 'XMPP_BODY_INVALID' });
      } else {
        expect(result.status, result.detail).toBe('SUCCESS');
        expect(await result.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
      }
    }
    expect(await bob.waitFor(good.length)).toEqual(good);
    const dry = await router.send(
      'xmpp:bob@localhost',
      { body: 'a\u0000' },
      { from: 'xmpp:alice', dryRun: true },
    );
    expect(dry).toMatchObject({ status: 'FAILURE', reason: 'XMPP_BODY_INVALID' });
    expect(dry.detail).toMatch(/U\+0000 at offset 1/);
  });

  it('a stanza over maxStanzaBytes (Prosody closes the stream on it) is refused (XMPP_BODY_TOO_LARGE): its neighbours are delivered', async () => {
    const server = await prosody();
    const bob = await userOf(server, 'bob');
    const router = routerFor(conf(server));
    // Prosody's c2s_stanza_size_limit is 256 KiB: 300 kB would end the stream for everything on it.
    const bodies = ['first', 'x'.repeat(300_000), 'y'.repeat(200_000), '&'.repeat(50_000), 'last'];
    const results = await Promise.all(
      bodies.map((body) => router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice' })),
    );
    expect(results[1]).toMatchObject({ status: 'FAILURE', reason: 'XMPP_BODY_TOO_LARGE' });
    // 50,000 "&" are 250,000 bytes escaped (&amp;): under the limit, so sent.
    for (const i of [0, 2, 3, 4]) expect(await results[i]!.delivery).toMatchObject({ outcome: 'delivered' });
    expect((await bob.waitFor(4)).map((body) => body.length)).toEqual([5, 200_000, 50_000, 4]);
  });

  it('missing from, unknown account, bad JID: the documented status and reason, at once', async () => {
    const server = await prosody();
    const router = routerFor(conf(server));
    expect(await router.send('xmpp:bob@localhost', { body: 'x' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_FROM_REQUIRED',
    });
    expect(await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'asterisk' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_FROM_REQUIRED',
    });
    expect(await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:nobody' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_UNKNOWN_ACCOUNT',
    });
    expect(await router.send('xmpp:@localhost', { body: 'x' }, { from: 'xmpp:alice' })).toMatchObject({
      status: 'INVALID_URI',
    });
    expect(await router.send('xmpp:bad jid@localhost', { body: 'x' }, { from: 'xmpp:alice' })).toMatchObject({
      status: 'INVALID_URI',
    });
  });

  it('a wrong password is FAILURE XMPP_AUTH_FAILED within the bound', async () => {
    const server = await prosody();
    const router = routerFor(conf(server).replace('secret=alice-pw', 'secret=wrong'));
    const started = Date.now();
    const result = await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' });
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_AUTH_FAILED' });
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it('a server that is down at start, or silent, fails within the bound', async () => {
    const port = await freePort();
    const down = routerFor(
      `[alice]\ntype=client\nserverhost=127.0.0.1\nport=${port}\nusername=alice@localhost\nsecret=x\nusetls=no\n`,
    );
    expect(await down.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_CONNECT_FAILED',
    });
    const accepted: import('node:net').Socket[] = [];
    const silent = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          for (const socket of accepted) socket.destroy();
          silent.close(resolve);
        }),
    );
    const silentPort = (silent.address() as { port: number }).port;
    const hung = createRouter({
      techs: [
        xmpp({
          config: `[alice]\ntype=client\nserverhost=127.0.0.1\nport=${silentPort}\nusername=alice@localhost\nsecret=x\nusetls=no\n`,
          connectTimeoutMs: 1_000,
        }),
      ],
    });
    cleanups.push(() => hung.close());
    const started = Date.now();
    expect(await hung.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_CONNECT_TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('server killed mid-run and restarted: messages sent during the outage are queued and delivered after it, none lost', async () => {
    const server = await prosody();
    const router = routerFor(conf(server), { reconnectDelayMs: 200 });
    let bob = await rawUser(server, 'bob');
    const before = await router.send(
      'xmpp:bob@localhost',
      { body: 'before' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(before.status).toBe('SUCCESS');
    await bob.waitFor(1);
    // bob is the test's own raw client: stopped first so only our account meets the crash.
    await bob.stop();
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await Promise.all(
      ['during 1', 'during 2'].map((body) =>
        router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice' }),
      ),
    );
    for (const result of during) {
      expect(result.status).toBe('SUCCESS');
      expect(result.warnings.join()).toMatch(/queued/);
    }
    await server.restart();
    bob = await userOf(server, 'bob');
    const reports = await Promise.all(during.map((result) => result.delivery));
    expect(reports.map((report) => report.outcome)).toEqual(['delivered', 'delivered']);
    expect(await bob.waitFor(2)).toEqual(['during 1', 'during 2']);
  });

  it('with whenDisconnected=fail a send during the outage is FAILURE XMPP_NOT_CONNECTED', async () => {
    const server = await prosody();
    const router = routerFor(conf(server), { whenDisconnected: 'fail', reconnectDelayMs: 5_000 });
    expect(
      (await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice', waitForDelivery: true }))
        .status,
    ).toBe('SUCCESS');
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await router.send('xmpp:bob@localhost', { body: 'y' }, { from: 'xmpp:alice' })).toMatchObject({
      status: 'FAILURE',
      reason: 'XMPP_NOT_CONNECTED',
    });
  });

  it('an inbound chat message reaches router.onMessage with Asterisk fields (sendtodialplan=yes)', async () => {
    const server = await prosody();
    const router = routerFor(conf(server, 'sendtodialplan=yes'));
    const received: InboundMessage[] = [];
    router.onMessage((message) => {
      received.push(message);
    });
    await router.start();
    const bob = await userOf(server, 'bob');
    await bob.send('alice@localhost', 'hi alice <3');
    await receivedAtLeast(received);
    expect(received[0]).toMatchObject({
      tech: 'xmpp',
      body: 'hi alice <3',
      from: 'xmpp:bob@localhost/test',
      to: 'xmpp:alice@localhost',
      endpoint: 'alice',
      destination: 'xmpp:bob@localhost/test',
      data: { XMPP_ACCOUNT: 'alice' },
    });
    const reply = await router.send(
      received[0]!.destination,
      { body: 'hi bob' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(reply.status).toBe('SUCCESS');
    expect(await bob.waitFor(1)).toEqual(['hi bob']);
  });

  it('STARTTLS verifies the certificate: trusted with the ca option, refused without it', async () => {
    const server = await prosody(true);
    const trusted = routerFor(conf(server), { ca: server.caPem! });
    const ok = await trusted.send(
      'xmpp:bob@localhost',
      { body: 'over tls' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(ok.status, ok.detail).toBe('SUCCESS');
    const untrusted = routerFor(conf(server));
    const refused = await untrusted.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' });
    expect(refused).toMatchObject({ status: 'FAILURE', reason: 'XMPP_CONNECT_FAILED' });
    expect(refused.detail).toMatch(/certificate|self.signed|verify/i);
  });

  it('the stream has Nagle off, plain and after STARTTLS: a message is not held for the ACK of the one before', async () => {
    // Measured in bench/xmpp-throughput.mjs: with Nagle's algorithm on, a small write waits for the
    // server's delayed ACK (up to 40 ms) whenever the one before is unacknowledged.
    const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    cleanups.push(async () => noDelay.mockRestore());
    for (const tls of [false, true]) {
      const server = await prosody(tls);
      const router = routerFor(conf(server), tls ? { ca: server.caPem! } : {});
      const result = await router.send(
        'xmpp:bob@localhost',
        { body: 'x' },
        { from: 'xmpp:alice', waitForDelivery: true },
      );
      expect(result.status, result.detail).toBe('SUCCESS');
      const toServer = noDelay.mock.contexts.filter(
        (socket, call) =>
          (socket as Socket).remotePort === server.port && noDelay.mock.calls[call]![0] === true,
      );
      expect(toServer, tls ? 'STARTTLS' : 'plain').toHaveLength(1);
    }
  });

  it('usetls=yes against a server without STARTTLS refuses to log in in clear', async () => {
    const server = await prosody(false);
    const router = routerFor(conf(server, '', 'alice', 'yes'));
    const result = await router.send('xmpp:bob@localhost', { body: 'x' }, { from: 'xmpp:alice' });
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_CONNECT_FAILED' });
    expect(result.detail).toMatch(/STARTTLS/);
  });

  it('with receipts, delivered means the recipient sent a XEP-0184 receipt; without one the report times out', async () => {
    const server = await prosody();
    const bob = await userOf(server, 'bob');
    let answer = true;
    bob.entity.on('stanza', (stanza) => {
      const id = stanza.attrs.id;
      if (answer && stanza.is('message') && stanza.getChild('request', 'urn:xmpp:receipts') && id) {
        void bob.entity.send(
          xml('message', { to: stanza.attrs.from }, xml('received', { xmlns: 'urn:xmpp:receipts', id })),
        );
      }
    });
    const router = routerFor(conf(server), { receipts: true });
    const confirmed = await router.send(
      'xmpp:bob@localhost/test',
      { body: 'confirm me' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(confirmed.status, confirmed.detail).toBe('SUCCESS');
    expect(await confirmed.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_RECEIPT' });
    answer = false;
    const unconfirmed = await router.send(
      'xmpp:bob@localhost/test',
      { body: 'no receipt' },
      { from: 'xmpp:alice', timeoutMs: 1_500 },
    );
    expect(unconfirmed.status).toBe('SUCCESS');
    expect(await unconfirmed.delivery).toMatchObject({ outcome: 'timeout' });
    expect(await bob.waitFor(2)).toEqual(['confirm me', 'no receipt']);
  });

  it('a dry run returns the exact stanza and connects nowhere', async () => {
    const router = routerFor(
      '[alice]\ntype=client\nserverhost=203.0.113.1\nusername=alice@example.org\nsecret=x\n',
    );
    const result = await router.send(
      'xmpp:bob@example.org',
      { body: 'a < b & "c"' },
      { from: 'xmpp:alice', dryRun: true },
    );
    expect(result.preview).toBe(
      '<message type="chat" to="bob@example.org" from="alice@example.org/messagesend" id="dry-run"><body>a &lt; b &amp; "c"</body></message>',
    );
  });
});
