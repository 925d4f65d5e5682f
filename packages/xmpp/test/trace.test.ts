import { createRouter } from '@messagesend/core';
import { type ProsodyPeer, runningPeers, startProsody } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { maskTrace } from '../src/connection/wire-trace.js';
import { type XmppTraceEvent, xmpp } from '../src/index.js';
import { conf, rawUser, USERS } from './helpers.js';

// The `trace` option: the XMPP stream both ways, against a real Prosody (plain and STARTTLS),
// with SASL payloads and the account's secret masked; and what the mask does to each SASL element.

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const PASSWORD = 'alice-pw';
/** What PLAIN would carry, and the password alone, in base64: neither may be printed. */
const BASE64_FORMS = [
  Buffer.from(`\u0000alice\u0000${PASSWORD}`).toString('base64'),
  Buffer.from(PASSWORD).toString('base64'),
];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function prosody(tls = false): Promise<ProsodyPeer> {
  const peer = await startProsody({ users: USERS, tls });
  cleanups.push(() => peer.stop());
  return peer;
}

describe('maskTrace', () => {
  it('replaces the payload of <auth>, <challenge>, <response> and <success>, and nothing else', () => {
    const plain = BASE64_FORMS[0]!;
    expect(maskTrace(`<auth xmlns="${NS_SASL}" mechanism="PLAIN">${plain}</auth>`, PASSWORD)).toBe(
      `<auth xmlns="${NS_SASL}" mechanism="PLAIN">***</auth>`,
    );
    for (const name of ['challenge', 'response', 'success'])
      expect(maskTrace(`<${name} xmlns="${NS_SASL}">cj1hYmMsbj0=</${name}>`, PASSWORD)).toBe(
        `<${name} xmlns="${NS_SASL}">***</${name}>`,
      );
    expect(maskTrace('<sasl:response>eA==</sasl:response>', PASSWORD)).toBe(
      '<sasl:response>***</sasl:response>',
    );
    expect(maskTrace('<auth>eA==</auth>', PASSWORD)).toBe('<auth>***</auth>');
    // An empty SASL element, and anything that is not SASL, are printed as they are.
    expect(maskTrace(`<success xmlns="${NS_SASL}"/>`, PASSWORD)).toBe(`<success xmlns="${NS_SASL}"/>`);
    const chat = '<message to="bob@localhost"><body>authentic</body></message>';
    expect(maskTrace(chat, PASSWORD)).toBe(chat);
  });

  it('replaces the password as written and as escaped in text or an attribute', () => {
    const secret = `p&"w'<`;
    expect(maskTrace(`<body>${secret}</body>`, secret)).toBe('<body>***</body>');
    expect(maskTrace('<body>p&amp;"w\'&lt;</body>', secret)).toBe('<body>***</body>');
    expect(maskTrace('<x a="p&amp;&quot;w&apos;&lt;"/>', secret)).toBe('<x a="***"/>');
    expect(maskTrace('<body>anything</body>', '')).toBe('<body>anything</body>');
  });
});

describe('trace against Prosody', () => {
  async function tracedSend(server: ProsodyPeer, body: string) {
    const events: XmppTraceEvent[] = [];
    const bob = await rawUser(server, 'bob');
    cleanups.push(() => bob.stop());
    const router = createRouter({
      techs: [xmpp({ config: conf(server), connectTimeoutMs: 8_000, trace: (event) => events.push(event) })],
      timeoutMs: 10_000,
    });
    cleanups.push(() => router.close());
    const result = await router.send(
      'xmpp:bob@localhost',
      { body },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(result.status, result.detail).toBe('SUCCESS');
    expect(await bob.waitFor(1)).toEqual([body]);
    return events;
  }

  const texts = (events: XmppTraceEvent[], direction: 'in' | 'out') =>
    events.filter((event) => event.direction === direction).map((event) => event.text);

  function expectNoSecret(events: XmppTraceEvent[]): void {
    const all = events.map((event) => event.text).join('\n');
    expect(all).not.toContain(PASSWORD);
    for (const form of BASE64_FORMS) expect(all).not.toContain(form);
  }

  it('shows the stream both ways: the <message> out, the server ack in, SASL payloads masked', async () => {
    const server = await prosody();
    const events = await tracedSend(server, `traced ${PASSWORD} body`);
    for (const event of events)
      expect(event).toMatchObject({ server: `127.0.0.1:${server.port}`, jid: 'alice@localhost' });
    const out = texts(events, 'out');
    const incoming = texts(events, 'in');
    expect(out[0]).toMatch(/^<\?xml version='1.0'\?><stream:stream .*to="localhost"/);
    expect(incoming[0]).toMatch(/^<stream:stream .*from="localhost".*>$/);
    expect(out).toContainEqual(
      expect.stringMatching(
        /^<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="SCRAM-SHA-1">\*\*\*<\/auth>$/,
      ),
    );
    expect(incoming).toContainEqual(
      expect.stringMatching(/^<challenge xmlns="urn:ietf:params:xml:ns:xmpp-sasl">\*\*\*<\/challenge>$/),
    );
    expect(out).toContainEqual(
      expect.stringMatching(/^<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl"[^>]*>\*\*\*<\/response>$/),
    );
    expect(incoming).toContainEqual(
      expect.stringMatching(/^<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl">\*\*\*<\/success>$/),
    );
    const message = out.findIndex((text) => /^<message [^>]*to="bob@localhost"/.test(text));
    expect(message).toBeGreaterThan(0);
    // The body as sent, with the password that happened to be in it masked.
    expect(out[message]).toContain('<body>traced *** body</body>');
    // XEP-0198: the server's <a h="..."/> acknowledges it (what makes the report delivered).
    expect(incoming).toContainEqual(
      expect.stringMatching(/^<a (?=[^>]*xmlns="urn:xmpp:sm:3")(?=[^>]*h="\d+")[^>]*\/>$/),
    );
    expectNoSecret(events);
  });

  it('over STARTTLS: the negotiation and the stream after it, in clear text, secrets masked', async () => {
    const server = await prosody(true);
    const events: XmppTraceEvent[] = [];
    const router = createRouter({
      techs: [
        xmpp({
          config: conf(server),
          ca: server.caPem!,
          connectTimeoutMs: 8_000,
          trace: (event) => events.push(event),
        }),
      ],
      timeoutMs: 10_000,
    });
    cleanups.push(() => router.close());
    const result = await router.send(
      'xmpp:bob@localhost',
      { body: 'over tls' },
      { from: 'xmpp:alice', waitForDelivery: true },
    );
    expect(result.status, result.detail).toBe('SUCCESS');
    const out = texts(events, 'out');
    const incoming = texts(events, 'in');
    expect(out).toContain('<starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"/>');
    expect(incoming).toContain('<proceed xmlns="urn:ietf:params:xml:ns:xmpp-tls"/>');
    expect(out.some((text) => text.includes('<body>over tls</body>'))).toBe(true);
    expect(
      out.filter((text) => text.startsWith('<auth ')).every((text) => text.endsWith('>***</auth>')),
    ).toBe(true);
    expectNoSecret(events);
  });
});
