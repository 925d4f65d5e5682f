import {
  udpExchange as exchange,
  fuzzListener,
  inboundMessageBytes,
  startListener,
  weirdInboundRequests,
} from '@messagesend/sip-ua/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type SipOptions, sip } from '../src/index.js';

// chan_sip's inbound handlers on a live listener: where one datagram with a control character in
// the From tag used to kill the process. The carrier peer is matched by source address.
const conf = `[general]
bindaddr=127.0.0.1
bindport=0
tcpenable=yes

[carrier]
type=peer
host=127.0.0.1
`;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function listener(options: Omit<SipOptions, 'config'> = {}) {
  const live = await startListener(sip({ config: conf, ...options }));
  cleanups.push(() => live.close());
  return { ...live, tcp: live.tcp! };
}

const message = (headers?: Record<string, string | undefined>, body?: string, uri?: string): Buffer =>
  inboundMessageBytes('siphostile', headers, body, uri);

describe('sip: hostile inbound requests', () => {
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
    const weird = weirdInboundRequests('siphostile');
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
        `sip fuzz: inputs ${summary.inputs}, answers ${summary.answers}, silent ${summary.silent}, crashes ${crashes.length}`,
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
