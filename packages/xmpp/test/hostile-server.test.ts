import type { Socket } from 'node:net';
import { createRouter } from '@messagesend/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xmpp } from '../src/index.js';
import { accountConf, type FakeServer, fakeServer, STREAM_HEADER, scriptedXmpp } from './fake-server.js';

// Anything escaping to the process is a failure of this file, not just noise in the log.
const escaped: unknown[] = [];
const onEscape = (error: unknown): void => {
  escaped.push(error);
};
beforeAll(() => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterAll(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Let late socket events (the ones that used to crash the process) arrive before checking.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  expect(escaped.splice(0)).toEqual([]);
});

async function serve(onConnection: (socket: Socket) => void): Promise<FakeServer> {
  const server = await fakeServer(onConnection);
  cleanups.push(() => server.close());
  return server;
}
function routerFor(port: number, connectTimeoutMs = 1_500) {
  const router = createRouter({ techs: [xmpp({ config: accountConf(port), connectTimeoutMs })] });
  cleanups.push(() => router.close());
  return router;
}
const send = (router: ReturnType<typeof routerFor>, timeoutMs = 3_000, body = 'x') =>
  router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice', timeoutMs });

/** Answers the client's first bytes with `reply`, then leaves the socket open (or ends it). */
const answerWith =
  (reply: string | Buffer, end = false) =>
  (socket: Socket) =>
    socket.once('data', () => {
      socket.write(reply);
      if (end) socket.end();
    });

describe('xmpp: a broken or hostile server ends its connection, never the process', () => {
  it('a server that accepts TCP and says nothing is XMPP_CONNECT_TIMEOUT (not FAILED) at the connect bound', async () => {
    const server = await serve(() => {});
    // Above xmpp.js's own 2 s header wait, which used to win and report "TimeoutError" as FAILED.
    const result = await send(routerFor(server.port, 2_500), 5_000);
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_CONNECT_TIMEOUT' });
  });

  it('close() during a connect to a silent server ends the attempt instead of waiting out its bound', async () => {
    const server = await serve(() => {});
    const router = routerFor(server.port, 30_000);
    const pending = send(router, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = Date.now();
    await router.close();
    // A bound, not a speed figure: before, close() waited for the 30 s connect attempt.
    expect(Date.now() - closing).toBeLessThan(10_000);
    expect(await pending).toMatchObject({ status: 'FAILURE' });
  });

  it('garbage instead of a stream header is XMPP_SERVER_MALFORMED', async () => {
    const server = await serve(answerWith(Buffer.from('\u0000\u00ff garbage </nope> <<< >>> &&&')));
    const result = await send(routerFor(server.port));
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_SERVER_MALFORMED' });
  });

  it('a closing tag with nothing open (which threw inside xmpp.js) is XMPP_SERVER_MALFORMED', async () => {
    const server = await serve(answerWith(`${STREAM_HEADER}</stream:features></x></y>more after`));
    const result = await send(routerFor(server.port));
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_SERVER_MALFORMED' });
  });

  it('truncated XML, then the server hangs up: a documented failure within the bound', async () => {
    const server = await serve(
      answerWith(
        `${STREAM_HEADER}<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechan`,
        true,
      ),
    );
    const result = await send(routerFor(server.port));
    // Not a timeout: the hang-up ends the wait at once.
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_CONNECT_FAILED' });
    expect(result.detail).toMatch(/closed the connection before the session was established/);
  });

  it('a 10 MB attribute is cut off at the buffering bound: XMPP_SERVER_MALFORMED', async () => {
    const chunk = 'a'.repeat(64 * 1024);
    const server = await serve((socket) =>
      socket.once('data', async () => {
        socket.write(`${STREAM_HEADER}<stream:features><x huge='`);
        for (let sent = 0; sent < 10 * 1024 * 1024 && !socket.destroyed; sent += chunk.length) {
          if (!socket.write(chunk))
            await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
        }
      }),
    );
    const result = await send(routerFor(server.port, 5_000), 6_000);
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_SERVER_MALFORMED' });
    expect(result.detail).toMatch(/over 1048576 bytes without completing an element/);
  });

  it('a stream header that never ends is XMPP_CONNECT_TIMEOUT within the bound', async () => {
    const server = await serve(
      answerWith(STREAM_HEADER.replace("version='1.0'>", "version='1.0' still-going='")),
    );
    const result = await send(routerFor(server.port, 1_000));
    expect(result).toMatchObject({ status: 'FAILURE', reason: 'XMPP_CONNECT_TIMEOUT' });
  });

  it('garbage in the middle of a session: the send already reported SUCCESS gets a documented report, the process lives', async () => {
    const server = await serve(scriptedXmpp((socket) => socket.write('</a></b><<<&bogus; trailing bytes')));
    const router = routerFor(server.port);
    const result = await send(router, 1_500);
    expect(result.status, result.detail).toBe('SUCCESS');
    // Written, never acknowledged (the stream broke, each resend broke it again): unknown, not failed.
    expect(await result.delivery).toMatchObject({ outcome: 'timeout', code: 'XMPP_OUTCOME_UNKNOWN' });
  });

  it('a server that never acknowledges: the report says the outcome is unknown when the bound runs out', async () => {
    const server = await serve(scriptedXmpp(() => {}));
    const result = await send(routerFor(server.port), 800);
    expect(result.status).toBe('SUCCESS');
    expect(await result.delivery).toMatchObject({ outcome: 'timeout', code: 'XMPP_OUTCOME_UNKNOWN' });
  });

  it("reports at the bound settle on the router's deadline: always the xmpp code, never early (100 sends, bounds 300 to 795 ms)", async () => {
    const server = await serve(scriptedXmpp(() => {}));
    const router = routerFor(server.port);
    // Connect first, so every bound below is spent waiting for an ack that never comes.
    const first = await send(router, 300);
    expect(first.status).toBe('SUCCESS');
    await first.delivery;
    const bounds = Array.from({ length: 100 }, (_, i) => 300 + i * 5);
    const results = await Promise.all(bounds.map((timeoutMs) => send(router, timeoutMs)));
    expect(results.map((result) => result.status)).toEqual(bounds.map(() => 'SUCCESS'));
    const reports = await Promise.all(results.map((result) => result.delivery));
    expect(reports.map((report) => [report.outcome, report.code])).toEqual(
      bounds.map(() => ['timeout', 'XMPP_OUTCOME_UNKNOWN']),
    );
    // No margin before the deadline (it was 20 ms): each report ends at its bound, give or take
    // the few milliseconds a Node timer may fire early by (libuv's cached loop time).
    for (const [i, report] of reports.entries())
      expect(report.elapsedMs, `bound ${bounds[i]}`).toBeGreaterThanOrEqual(bounds[i]! - 5);
  });

  // C0 controls such as ESC cannot arrive (the XML parser refuses them: the case above); C1 controls
  // such as CSI (U+009B) and bidi overrides are legal XML and would reach a terminal.
  it("a stanza error's text reaches the report without control characters (no terminal escapes)", async () => {
    const server = await serve(
      scriptedXmpp((socket, id) =>
        socket.write(
          `<message type='error' id='${id}' from='bob@localhost'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>\u009b2J&#x9b;31m bob is \u0085away\u202e</text></error></message>`,
        ),
      ),
    );
    const result = await send(routerFor(server.port));
    expect(result.status).toBe('SUCCESS');
    const report = await result.delivery;
    expect(report).toMatchObject({ outcome: 'rejected', code: 'XMPP_STANZA_ERROR' });
    expect(report.detail).toMatch(/service-unavailable/);
    expect(report.detail).toMatch(/bob is +away/);
    expect(report.detail).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  it('a message the server breaks every stream on is not resent forever: the messages behind it get through', async () => {
    // The server drops the connection on one message (a limit the client cannot know) and acks the rest.
    const server = await serve(
      scriptedXmpp((socket, _id, stanza) => stanza.includes('poison') && socket.destroy(), { acks: true }),
    );
    const router = createRouter({
      techs: [
        xmpp({
          config: accountConf(server.port),
          connectTimeoutMs: 1_500,
          reconnectDelayMs: 20,
          ackRequestDelayMs: 10,
        }),
      ],
    });
    cleanups.push(() => router.close());
    const results = [];
    for (const body of ['poison', 'after 1', 'after 2'])
      results.push(
        await router.send('xmpp:bob@localhost', { body }, { from: 'xmpp:alice', timeoutMs: 8_000 }),
      );
    const [poison, ...after] = await Promise.all(results.map((result) => result.delivery));
    expect(poison).toMatchObject({ outcome: 'timeout', code: 'XMPP_OUTCOME_UNKNOWN' });
    expect(poison!.detail).toMatch(
      /not resent: the stream broke 3 times with it the oldest unacknowledged message/,
    );
    expect(after.map((report) => report.code)).toEqual(['XMPP_ACK', 'XMPP_ACK']);
  });

  it("a stream error's text (not-well-formed) reaches the report of the message the stream broke on", async () => {
    const server = await serve(
      scriptedXmpp(
        (socket, _id, stanza) => {
          if (!stanza.includes('poison')) return;
          socket.write(
            "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bad \u009b31m byte</text></stream:error></stream:stream>",
          );
          socket.end();
        },
        { acks: true },
      ),
    );
    const router = createRouter({
      techs: [
        xmpp({
          config: accountConf(server.port),
          connectTimeoutMs: 1_500,
          reconnectDelayMs: 20,
          ackRequestDelayMs: 10,
        }),
      ],
    });
    cleanups.push(() => router.close());
    const result = await send(router, 8_000, 'poison');
    const report = await result.delivery;
    expect(report).toMatchObject({ outcome: 'timeout', code: 'XMPP_OUTCOME_UNKNOWN' });
    expect(report.detail).toMatch(/the server ended the stream: not-well-formed - bad +. ?31m byte/);
    expect(report.detail).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('with receipts, reports at the bound always carry one code and one wording (50 sends, bounds 300 to 545 ms)', async () => {
    const server = await serve(scriptedXmpp(() => {}, { acks: true }));
    const router = createRouter({
      techs: [xmpp({ config: accountConf(server.port), receipts: true, ackRequestDelayMs: 10 })],
    });
    cleanups.push(() => router.close());
    await (await send(router, 300)).delivery;
    const bounds = Array.from({ length: 50 }, (_, i) => 300 + i * 5);
    const results = await Promise.all(bounds.map((timeoutMs) => send(router, timeoutMs)));
    const reports = await Promise.all(results.map((result) => result.delivery));
    expect(new Set(reports.map((report) => `${report.outcome} ${report.code} ${report.detail}`))).toEqual(
      new Set([
        'timeout XMPP_OUTCOME_UNKNOWN the server acknowledged the message but no receipt came from the recipient in time',
      ]),
    );
  });

  it('a send waiting for the first connect stops at its own deadline with XMPP_CONNECT_TIMEOUT (the connect bound is longer), every time', async () => {
    const server = await serve(() => {});
    const router = routerFor(server.port, 30_000);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(router, 400 + i * 10)));
    expect(results.map((result) => result.reason)).toEqual(results.map(() => 'XMPP_CONNECT_TIMEOUT'));
    expect(results[0]!.detail).toMatch(/before the send's deadline/);
    // At their own bounds (under 0.6 s), far from the 30 s connect bound: generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
    // The server goes first, so the connection attempt fails now: router.close() waits for an
    // attempt still in flight, here up to its 30 s connect bound.
    await server.close();
  });
});
