import { pollUntil, runningPeers, startProsody } from '@messagesend/test-peers';
import { xml } from '@xmpp/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { XmppTraceEvent } from '../src/index.js';
import { cleanups, conf, routerFor, runCleanups, USERS, userOf } from './helpers.js';

// XEP-0198 as Prosody 0.12 checks it: the `h` of every <a/> we send is the number of stanzas we
// handled since <enabled/>, so it never goes back (Prosody ends the stream with "Client
// acknowledged less stanzas than already acknowledged" when it does), the close included.
// Read from the `trace` option: the stream exactly as written and read, in order.

afterEach(runCleanups);
afterAll(() => expect(runningPeers()).toEqual([]));

const STANZA = /^<(?:message|presence|iq)[\s/>]/;
const ACK = /^<a (?=[^>]*xmlns="urn:xmpp:sm:3")[^>]*h="(\d+)"/;

interface SentAck {
  h: number;
  /** Stanzas read since <enabled/> when the <a/> was written. */
  handled: number;
}

/** Every <a/> we wrote, beside the count of stanzas the trace shows had come in by then. */
function sentAcks(events: XmppTraceEvent[]): SentAck[] {
  const acks: SentAck[] = [];
  let handled: number | undefined;
  for (const { direction, text } of events) {
    if (direction === 'in' && /^<enabled\s/.test(text)) handled = 0;
    else if (direction === 'in' && handled !== undefined && STANZA.test(text)) handled++;
    const ack = direction === 'out' ? ACK.exec(text) : null;
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
    const pingRead = () => events.findIndex((e) => e.direction === 'in' && /^<iq [^>]*type="get"/.test(e.text));
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
});
