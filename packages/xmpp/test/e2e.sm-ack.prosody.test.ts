import { createRouter, type Logger } from '@messagesend/core';
import { pollUntil, runningPeers, startProsody } from '@messagesend/test-peers';
import { xml } from '@xmpp/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type XmppTraceEvent, xmpp } from '../src/index.js';
import { cleanups, conf, relayTo, routerFor, runCleanups, USERS, userOf } from './helpers.js';

// XEP-0198 as Prosody 0.12 checks it: the `h` of every <a/> we send is the number of stanzas we
// handled since <enabled/>, so it never goes back (Prosody ends the stream with "Client
// acknowledged less stanzas than already acknowledged" when it does), the close included.
// Read from the `trace` option: the stream exactly as written and read, in order.

afterEach(runCleanups);
afterAll(() => expect(runningPeers()).toEqual([]));

const STANZA = /^<(?:message|presence|iq)[\s/>]/;
const ACK = /^<a (?=[^>]*xmlns="urn:xmpp:sm:3")[^>]*h="(\d+)"/;
/** What a resumed stream starts with: the count as the old stream left it. */
const RESUME = /^<resume (?=[^>]*xmlns="urn:xmpp:sm:3")[^>]*h="(\d+)"/;

interface SentAck {
  h: number;
  /** Stanzas read since <enabled/> when the <a/> was written. */
  handled: number;
}

/** Every <a/> (and <resume/>) we wrote, beside the count of stanzas the trace shows had come in by then. */
function sentAcks(events: XmppTraceEvent[]): SentAck[] {
  const acks: SentAck[] = [];
  let handled: number | undefined;
  for (const { direction, text } of events) {
    if (direction === 'in' && /^<enabled\s/.test(text)) handled = 0;
    else if (direction === 'in' && handled !== undefined && STANZA.test(text)) handled++;
    // A resumed stream has no <enabled/>: its count goes on from the broken one's.
    const ack = direction === 'out' ? (ACK.exec(text) ?? RESUME.exec(text)) : null;
    if (ack) acks.push({ h: Number(ack[1]), handled: handled ?? -1 });
  }
  return acks;
}

describe('xmpp stream management against a real Prosody', () => {
  it("every <a h> is the count of stanzas handled, never lower than the last, and the close's brings no stream error", async () => {
    const server = await startProsody({ users: USERS });
    cleanups.push(() => server.stop());
    const bob = await userOf(server, 'bob');
    const events: XmppTraceEvent[] = [];
    const router = routerFor(conf(server), { trace: (event) => events.push(event) });
    const sent = await router.send(
      'xmpp:bob@localhost',
      { body: 'counted' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(sent.status, sent.detail).toBe('SUCCESS');
    expect(await sent.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    expect(await bob.waitFor(1)).toEqual(['counted']);

    // Stanzas for alice: chat messages, and a ping (an iq that the ping route answers).
    for (const body of ['one', 'two', 'three']) await bob.send('alice@localhost/messagesend', body);
    const pong = await bob.entity.iqCaller.request(
      xml('iq', { type: 'get', to: 'alice@localhost/messagesend' }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
      5_000,
    );
    expect(pong.attrs.type).toBe('result');
    // Prosody asks for an ack (<r/>) after what it sent: wait until one answers the ping.
    const pingRead = () =>
      events.findIndex((e) => e.direction === 'in' && /^<iq [^>]*type="get"/.test(e.text));
    await pollUntil(
      'an <a/> written after the ping was read',
      () => {
        const ping = pingRead();
        return ping >= 0 && events.slice(ping).some((e) => e.direction === 'out' && ACK.test(e.text));
      },
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    await router.close();

    const acks = sentAcks(events);
    // At least one answering <r/> during the session, and the one sent at the close.
    expect(acks.length).toBeGreaterThanOrEqual(2);
    for (const [i, ack] of acks.entries()) {
      expect(ack.h, `<a h> #${i} against the stanzas read by then`).toBe(ack.handled);
      if (i > 0) expect(ack.h).toBeGreaterThanOrEqual(acks[i - 1]!.h);
    }
    // The presence echo, three messages and the ping at least, all in the close's <a/>.
    expect(acks.at(-1)!.h).toBeGreaterThanOrEqual(5);
    const out = events.filter((e) => e.direction === 'out').map((e) => e.text);
    expect(out.slice(-2)).toEqual([expect.stringMatching(ACK), '</stream:stream>']);
    const streamErrors = events.filter((e) => e.direction === 'in' && e.text.startsWith('<stream:error'));
    expect(streamErrors).toEqual([]);
  });

  it('under steady traffic the server is asked for acks as it goes: reports settle while messages keep going out, not after they stop', async () => {
    const server = await startProsody({ users: USERS });
    cleanups.push(() => server.stop());
    const bob = await userOf(server, 'bob');
    const events: XmppTraceEvent[] = [];
    const router = routerFor(conf(server), { trace: (event) => events.push(event), ackRequestDelayMs: 100 });
    // A message every 20 ms for about 1.2 s: never the 100 ms of quiet xmpp.js waits for to ask.
    const reports: Promise<unknown>[] = [];
    let settledWhileSending = 0;
    for (let i = 0; i < 60; i++) {
      const result = await router.send('xmpp:bob@localhost', { body: `steady ${i}` }, { from: 'xmpp:alice' });
      expect(result.status, result.detail).toBe('SUCCESS');
      reports.push(
        result.delivery!.then((report) => {
          settledWhileSending++;
          return report;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const settledBeforeTheLast = settledWhileSending;
    for (const report of await Promise.all(reports))
      expect(report).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    expect(await bob.waitFor(60)).toHaveLength(60);
    // The first messages were acknowledged long before the last one left: 1.2 s against a 100 ms bound.
    expect(settledBeforeTheLast).toBeGreaterThanOrEqual(30);
    const requests = events.filter(
      ({ direction, text }) => direction === 'out' && /^<r\s[^>]*urn:xmpp:sm:3/.test(text),
    );
    expect(requests.length).toBeGreaterThanOrEqual(3);
  });

  it('a resumed session goes on counting: <resume h> and every <a h> after it are the stanzas handled on both streams', async () => {
    const server = await startProsody({ users: USERS });
    cleanups.push(() => server.stop());
    const relay = await relayTo(server);
    const bob = await userOf(server, 'bob');
    const events: XmppTraceEvent[] = [];
    const resumed: string[] = [];
    const router = createRouter({
      techs: [
        xmpp({
          config: conf({ ...server, port: relay.port }),
          connectTimeoutMs: 5_000,
          reconnectDelayMs: 100,
          logger: onlyResumed(resumed),
          trace: (event) => events.push(event),
        }),
      ],
      timeoutMs: 10_000,
    });
    cleanups.push(() => router.close());
    const first = await router.send(
      'xmpp:bob@localhost',
      { body: 'before the break' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(await first.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    for (const body of ['one', 'two']) await bob.send('alice@localhost/messagesend', body);
    await pollUntil('alice read both', () => readBodies(events).length === 2, {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    relay.cut();
    await pollUntil('the session resumed', () => resumed.length > 0, { timeoutMs: 10_000, intervalMs: 20 });
    await bob.send('alice@localhost/messagesend', 'three');
    const after = await router.send(
      'xmpp:bob@localhost',
      { body: 'after the break' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(await after.delivery).toMatchObject({ outcome: 'delivered', code: 'XMPP_ACK' });
    await pollUntil('alice read the third', () => readBodies(events).includes('three'), {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    await router.close();

    const resume = events.filter((e) => e.direction === 'out' && RESUME.test(e.text));
    expect(resume).toHaveLength(1);
    const acks = sentAcks(events);
    for (const [i, ack] of acks.entries()) {
      expect(ack.h, `<a h> or <resume h> #${i} against the stanzas read by then`).toBe(ack.handled);
      if (i > 0) expect(ack.h).toBeGreaterThanOrEqual(acks[i - 1]!.h);
    }
    // The presence echo and two messages before the break, at least one after it.
    expect(acks.at(-1)!.h).toBeGreaterThanOrEqual(4);
    const out = events.filter((e) => e.direction === 'out').map((e) => e.text);
    expect(out.slice(-2)).toEqual([expect.stringMatching(ACK), '</stream:stream>']);
    expect(events.filter((e) => e.direction === 'in' && e.text.startsWith('<stream:error'))).toEqual([]);
  });
});

/** The chat bodies alice read, from the trace. */
function readBodies(events: XmppTraceEvent[]): string[] {
  return events
    .filter((e) => e.direction === 'in' && e.text.startsWith('<message'))
    .map((e) => /<body>([^<]*)<\/body>/.exec(e.text)?.[1])
    .filter((body): body is string => body !== undefined);
}

/** A logger that records only that the account resumed its session. */
function onlyResumed(resumed: string[]): Logger {
  const ignore = (): void => {};
  return {
    debug: ignore,
    info: (message) => {
      if (message === 'xmpp session resumed') resumed.push(message);
    },
    warn: ignore,
    error: ignore,
  };
}
