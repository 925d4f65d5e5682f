import { createSocket } from 'node:dgram';
import { createRouter, type InboundMessage } from '@messagesend/core';
import { fuzzListener } from '@messagesend/sip-ua/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type PjsipOptions, pjsip } from '../src/index.js';

// pjsip's inbound handlers on a live listener: where one datagram with a control character in
// the From tag used to kill the process.
const conf = `
[global]
type=global

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[tcp]
type=transport
protocol=tcp
bind=127.0.0.1:0

[bob]
type=endpoint
aors=bob

[bob]
type=aor
contact=sip:bob@127.0.0.1:9
`;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function listener(options: Omit<PjsipOptions, 'config'> = {}) {
  const tech = pjsip({ config: conf, ...options });
  const router = createRouter({ techs: [tech] });
  cleanups.push(() => router.close());
  const received: InboundMessage[] = [];
  router.onMessage((message) => {
    received.push(message);
  });
  await router.start();
  const addresses = tech.addresses();
  const udp = addresses.find((a) => a.protocol === 'udp')!;
  const tcp = addresses.find((a) => a.protocol === 'tcp')!;
  return { udp, tcp, received };
}

let n = 0;
function message(
  headers: Record<string, string | undefined> = {},
  body = 'hi',
  uri = 'sip:bob@127.0.0.1',
): Buffer {
  const all: Record<string, string | undefined> = {
    Via: `SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKpjhostile${++n}${Date.now()}`,
    From: '<sip:bob@127.0.0.1>;tag=h1',
    To: '<sip:alice@127.0.0.1>',
    'Call-ID': `pjsip-hostile-${n}-${Date.now()}`,
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

/** Sends one datagram and resolves with the status line of the answer (undefined after 2 s). */
async function exchange(port: number, bytes: Buffer): Promise<string | undefined> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 2000);
      socket.once('message', (answer) => {
        clearTimeout(timer);
        resolve(answer.toString('utf8').split('\r\n', 1)[0]);
      });
      socket.send(bytes, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

describe('pjsip: hostile inbound requests', () => {
  it('a control character in the From tag is answered 400 and the listener keeps delivering', async () => {
    const { udp, received } = await listener();
    for (const char of ['\u0000', '\u0001', '\u0007'])
      expect(await exchange(udp.port, message({ From: `<sip:bob@127.0.0.1>;tag=a${char}b` }))).toBe(
        'SIP/2.0 400 Bad Request (a control character in From)',
      );
    expect(await exchange(udp.port, message({}, 'still here'))).toBe('SIP/2.0 202 Accepted');
    expect(received.map((m) => m.body)).toEqual(['still here']);
  });

  it('weird but parseable requests get a final answer from the handler, never a 500', async () => {
    const { udp } = await listener();
    const weird: [string, Buffer][] = [
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
      [
        '600 headers',
        message(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`X-H${i}`, `${i}`]))),
      ],
      ['Content-Type with empty charset', message({ 'Content-Type': 'text/plain;charset=' })],
      ['unknown method', Buffer.from(message().toString('latin1').replaceAll('MESSAGE', 'FROB'), 'latin1')],
    ];
    for (const [name, bytes] of weird) {
      const answer = await exchange(udp.port, bytes);
      expect(answer, name).toMatch(/^SIP\/2\.0 [2-6]\d\d /);
      expect(answer, name).not.toMatch(/^SIP\/2\.0 500 /);
    }
  });

  it('a seeded fuzz of 1000 inputs over UDP and TCP: no crash, and a MESSAGE is delivered afterwards', async () => {
    const { udp, tcp, received } = await listener();
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    try {
      const summary = await fuzzListener(
        { udp: { host: '127.0.0.1', port: udp.port }, tcp: { host: '127.0.0.1', port: tcp.port } },
        {
          corpus: [
            message(),
            message({ From: '"Bob" <sip:bob@127.0.0.1>;tag=x' }, 'héllo'),
            message({ CSeq: '2 OPTIONS' }),
          ],
          seed: Number(process.env.FUZZ_SEED ?? 18),
          iterations: Number(process.env.FUZZ_ITERATIONS ?? 1000),
        },
      );
      console.log(
        `pjsip fuzz: inputs ${summary.inputs}, answers ${summary.answers}, silent ${summary.silent}, crashes ${crashes.length}`,
      );
      expect(crashes).toEqual([]);
      const before = received.length;
      expect(await exchange(udp.port, message({}, 'after the fuzz'))).toBe('SIP/2.0 202 Accepted');
      expect(received.slice(before).map((m) => m.body)).toEqual(['after the fuzz']);
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    }
  });

  it('the limits option reaches the SIP stack: a MESSAGE over maxMessageBytes is answered 413', async () => {
    const { udp, received } = await listener({ limits: { maxMessageBytes: 1500 } });
    const large = message({ 'X-Big': 'v'.repeat(2000) }, 'too large');
    expect(large.length).toBeGreaterThan(1500);
    expect(await exchange(udp.port, large)).toBe(
      'SIP/2.0 413 Request Entity Too Large (larger than 1500 bytes)',
    );
    expect(await exchange(udp.port, message({}, 'small enough'))).toBe('SIP/2.0 202 Accepted');
    expect(received.map((m) => m.body)).toEqual(['small enough']);
    // The same large MESSAGE is delivered by a listener left at the defaults (64 KiB).
    const defaults = await listener();
    expect(await exchange(defaults.udp.port, large)).toBe('SIP/2.0 202 Accepted');
    expect(defaults.received.map((m) => m.body)).toEqual(['too large']);
  });
});
