import assert from 'node:assert/strict';
import type { InboundLimits } from '../mechanics/inbound/limits.js';
import { fuzzListener } from './fuzz-listener.js';
import {
  udpExchange as exchange,
  inboundMessageBytes,
  type Listener,
  type ListeningTech,
  startListener,
  weirdInboundRequests,
} from './listener.js';

/** The two functions the tests need from a runner (vitest, jest, mocha, node:test). */
export interface HostileInboundApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): unknown;
}

export interface HostileInboundHarness {
  /** The technology's name: in the test titles and the fuzz summary line. */
  name: string;
  /**
   * A fresh technology listening on UDP and TCP on 127.0.0.1 that accepts (202) a MESSAGE from
   * `sip:bob@127.0.0.1` sent from 127.0.0.1, with these inbound limits passed to its SIP stack.
   */
  create(options: { limits?: Partial<InboundLimits> }): ListeningTech;
}

/**
 * A SIP technology's inbound handlers on a live listener, against what once killed the process:
 * a control character in the From tag, weird but parseable requests, a seeded fuzz over UDP and
 * TCP, and an over-large MESSAGE. The same tests for every SIP technology (pjsip, chan_sip).
 */
export function hostileInboundTests(api: HostileInboundApi, harness: HostileInboundHarness): void {
  const tag = `${harness.name.replace(/\W/g, '')}hostile`;
  const message = (headers?: Record<string, string | undefined>, body?: string): Buffer =>
    inboundMessageBytes(tag, headers, body);

  /** Runs `body` with listeners made by `open`, all closed afterwards, whatever happens. */
  async function withListeners(
    body: (open: (limits?: Partial<InboundLimits>) => Promise<Listener<ListeningTech>>) => Promise<void>,
  ): Promise<void> {
    const opened: Listener<ListeningTech>[] = [];
    try {
      await body(async (limits) => {
        const live = await startListener(harness.create(limits ? { limits } : {}));
        opened.push(live);
        return live;
      });
    } finally {
      await Promise.all(opened.map((live) => live.close()));
    }
  }

  api.describe(`${harness.name}: hostile inbound requests`, () => {
    api.it('a control character in the From tag is answered 400 and the listener keeps delivering', () =>
      withListeners(async (open) => {
        const { udp, received } = await open();
        for (const char of ['\u0000', '\u0001', '\u0007'])
          assert.equal(
            await exchange(udp.port, message({ From: `<sip:bob@127.0.0.1>;tag=a${char}b` })),
            'SIP/2.0 400 Bad Request (a control character in From)',
          );
        assert.equal(await exchange(udp.port, message({}, 'still here')), 'SIP/2.0 202 Accepted');
        assert.deepEqual(
          received.map((m) => m.body),
          ['still here'],
        );
      }),
    );

    api.it('weird but parseable requests get a final answer from the handler, never a 500', () =>
      withListeners(async (open) => {
        const { udp } = await open();
        for (const [name, bytes] of weirdInboundRequests(tag)) {
          const answer = await exchange(udp.port, bytes);
          assert.match(answer ?? '', /^SIP\/2\.0 [2-6]\d\d /, name);
          assert.doesNotMatch(answer ?? '', /^SIP\/2\.0 500 /, name);
        }
      }),
    );

    api.it(
      'a seeded fuzz of 1000 inputs over UDP and TCP: no crash, and a MESSAGE is delivered afterwards',
      () =>
        withListeners(async (open) => {
          const { udp, tcp, received } = await open();
          assert.ok(tcp, `${harness.name} bound no TCP transport`);
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
              `${harness.name} fuzz: inputs ${summary.inputs}, answers ${summary.answers}, silent ${summary.silent}, crashes ${crashes.length}`,
            );
            assert.deepEqual(crashes, []);
            const before = received.length;
            assert.equal(await exchange(udp.port, message({}, 'after the fuzz')), 'SIP/2.0 202 Accepted');
            assert.deepEqual(
              received.slice(before).map((m) => m.body),
              ['after the fuzz'],
            );
          } finally {
            process.off('uncaughtException', onCrash);
            process.off('unhandledRejection', onCrash);
          }
        }),
    );

    api.it('the limits option reaches the SIP stack: a MESSAGE over maxMessageBytes is answered 413', () =>
      withListeners(async (open) => {
        const { udp, received } = await open({ maxMessageBytes: 1500 });
        const large = message({ 'X-Big': 'v'.repeat(2000) }, 'too large');
        assert.ok(large.length > 1500);
        assert.equal(
          await exchange(udp.port, large),
          'SIP/2.0 413 Request Entity Too Large (larger than 1500 bytes)',
        );
        assert.equal(await exchange(udp.port, message({}, 'small enough')), 'SIP/2.0 202 Accepted');
        assert.deepEqual(
          received.map((m) => m.body),
          ['small enough'],
        );
        // The same large MESSAGE is delivered by a listener left at the defaults (64 KiB).
        const defaults = await open();
        assert.equal(await exchange(defaults.udp.port, large), 'SIP/2.0 202 Accepted');
        assert.deepEqual(
          defaults.received.map((m) => m.body),
          ['too large'],
        );
      }),
    );
  });
}
