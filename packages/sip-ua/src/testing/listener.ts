import { createSocket } from 'node:dgram';
import { createRouter, type InboundMessage, type MessageTech, type Router } from '@messagesend/core';

/** A technology built on this package: it reports the addresses its SIP stack bound. */
export interface ListeningTech extends MessageTech {
  addresses(): readonly { protocol: string; host: string; port: number }[];
}

export interface Listener<Tech extends ListeningTech> {
  tech: Tech;
  router: Router;
  /** Every MESSAGE the router delivered, in order. */
  received: InboundMessage[];
  /** The first bound address of each protocol (undefined when the configuration has none). */
  udp: { host: string; port: number };
  tcp: { host: string; port: number } | undefined;
  /** Closes the router (and so the technology's sockets). */
  close(): Promise<void>;
}

/** Starts a router over `tech` and records what it delivers: a live SIP listener for tests. */
export async function startListener<Tech extends ListeningTech>(tech: Tech): Promise<Listener<Tech>> {
  const router = createRouter({ techs: [tech] });
  const received: InboundMessage[] = [];
  router.onMessage((message) => {
    received.push(message);
  });
  await router.start();
  const addresses = tech.addresses();
  const udp = addresses.find((a) => a.protocol === 'udp');
  if (!udp) {
    await router.close();
    throw new Error(`${tech.name} bound no UDP transport`);
  }
  const tcp = addresses.find((a) => a.protocol === 'tcp');
  return { tech, router, received, udp, tcp, close: () => router.close() };
}

let sequence = 0;

/**
 * The bytes of an inbound MESSAGE to bob@127.0.0.1 with `headers` over the defaults (a header set to
 * undefined is left out) and the exact latin1 bytes of `body`; `label` goes into Via's branch and
 * the Call-ID so that each request is a new transaction.
 */
export function inboundMessageBytes(
  label: string,
  headers: Record<string, string | undefined> = {},
  body = 'hi',
  uri = 'sip:bob@127.0.0.1',
): Buffer {
  const n = ++sequence;
  const all: Record<string, string | undefined> = {
    Via: `SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${label}${n}${Date.now()}`,
    From: '<sip:bob@127.0.0.1>;tag=h1',
    To: '<sip:alice@127.0.0.1>',
    'Call-ID': `${label}-${n}-${Date.now()}`,
    CSeq: '1 MESSAGE',
    'Content-Type': 'text/plain',
    ...headers,
  };
  const bytes = Buffer.from(body, 'latin1');
  const head = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(`MESSAGE ${uri} SIP/2.0\r\n${head}Content-Length: ${bytes.length}\r\n\r\n`, 'latin1'),
    bytes,
  ]);
}

/**
 * Sends one datagram to 127.0.0.1:`port` from a fresh socket and resolves with the whole first
 * answer, or undefined when none comes within `timeoutMs`.
 */
export async function udpAnswer(port: number, bytes: Buffer, timeoutMs = 2000): Promise<string | undefined> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.once('message', (answer) => {
        clearTimeout(timer);
        resolve(answer.toString('utf8'));
      });
      socket.send(bytes, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/** udpAnswer's status line only. */
export async function udpExchange(
  port: number,
  bytes: Buffer,
  timeoutMs = 2000,
): Promise<string | undefined> {
  return (await udpAnswer(port, bytes, timeoutMs))?.split('\r\n', 1)[0];
}

/**
 * Requests that are odd but parseable, each named: a listener must give each a final answer from
 * its handler, never a 500.
 */
export function weirdInboundRequests(label: string): [string, Buffer][] {
  const message = (headers?: Record<string, string | undefined>, body?: string, uri?: string) =>
    inboundMessageBytes(label, headers, body, uri);
  return [
    ['no From tag', message({ From: '<sip:bob@127.0.0.1>' })],
    ['From without angle brackets', message({ From: 'sip:bob@127.0.0.1;tag=1' })],
    ['From with no user', message({ From: '<sip:127.0.0.1>;tag=1' })],
    ['From a tel: URI', message({ From: '<tel:+15551234>;tag=1' })],
    ['quoted-pair NUL in the display name', message({ From: '"a\\\u0000b" <sip:bob@127.0.0.1>;tag=1' })],
    ['To with an unknown scheme', message({ To: 'isbn:2983792873' })],
    ['Request-URI tel:', message({}, 'x', 'tel:+15551234')],
    ['no Content-Type', message({ 'Content-Type': undefined })],
    ['empty body', message({}, '')],
    ['invalid UTF-8 body', message({}, '\u00ff\u00fe\u00c3')],
    ['a 10 kB header value', message({ 'X-Big': 'v'.repeat(10_000) })],
    ['600 headers', message(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`X-H${i}`, `${i}`])))],
    ['Content-Type with empty charset', message({ 'Content-Type': 'text/plain;charset=' })],
    ['unknown method', Buffer.from(message().toString('latin1').replaceAll('MESSAGE', 'FROB'), 'latin1')],
  ];
}
