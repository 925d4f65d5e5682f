import { afterAll, expect, it } from 'vitest';
import { buildRequest, printRequest, SipInbound } from '../src/index.js';
import { answerOtherMethods } from '../src/tech-kit/index.js';
import { fuzzListener } from '../src/testing/index.js';
import { TORTURE } from './fixtures/rfc4475.js';
import { rawRequest, rawTcp, rawUdp, statusLine } from './helpers/raw.js';
import { closeStacks, testStack } from './helpers/stack.js';

// Brief in CI; FUZZ_ITERATIONS=100000 (and FUZZ_SEED) for a long run.
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 4475);

afterAll(closeStacks);

/** Our own traffic: what the stack itself sends, and what SIPp-like peers send it. */
function ownTraffic(): Buffer[] {
  const built = buildRequest({
    method: 'MESSAGE',
    requestUri: 'sip:bob@127.0.0.1',
    from: '"Alice" <sip:alice@127.0.0.1>',
    to: '<sip:bob@127.0.0.1>',
    contentType: 'text/plain;charset=UTF-8',
    body: 'héllo wörld ✓',
  });
  return [
    printRequest(built, 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKfuzz;rport'),
    Buffer.from(rawRequest({ method: 'MESSAGE', body: 'hello' })),
    Buffer.from(rawRequest({ method: 'OPTIONS' })),
    Buffer.from(rawRequest({ method: 'REGISTER', headers: { Contact: '<sip:a@127.0.0.1>', Expires: '60' } })),
    Buffer.from(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n',
    ),
  ];
}

it(`a seeded wire fuzzer (${ITERATIONS} inputs, seed ${SEED}) over UDP and TCP: no crash, and the stack still answers`, async () => {
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    const stack = await testStack({
      // The parser is under test here, not the flood limits.
      limits: {
        requestsPerSecond: 1e9,
        requestBurst: 1e9,
        maxConnectionsPerSource: 10_000,
        idleTimeoutMs: 200,
      },
      onRequest: (request) => answerOtherMethods(request) ?? { status: 202 },
    });
    const summary = await fuzzListener(
      {
        udp: { host: '127.0.0.1', port: stack.address('udp')!.port },
        tcp: { host: '127.0.0.1', port: stack.address('tcp')!.port },
      },
      {
        corpus: [...TORTURE.map((message) => message.bytes), ...ownTraffic()],
        seed: SEED,
        iterations: ITERATIONS,
      },
    );
    const stats = stack.stats();
    const contained = stats.reasons[SipInbound.Contained];

    // Still responsive: a valid OPTIONS and MESSAGE over UDP and over TCP.
    const udp = await rawUdp();
    const answers: (string | undefined)[] = [];
    try {
      for (const method of ['OPTIONS', 'MESSAGE']) {
        udp.send(
          rawRequest({ method, body: method === 'MESSAGE' ? 'after the fuzz' : '' }),
          stack.address('udp')!.port,
        );
        answers.push(statusLine(await udp.next(2000)));
      }
    } finally {
      udp.close();
    }
    for (const method of ['OPTIONS', 'MESSAGE']) {
      const tcp = await rawTcp(stack.address('tcp')!.port);
      try {
        tcp.send(
          rawRequest({ method, transport: 'TCP', body: method === 'MESSAGE' ? 'after the fuzz' : '' }),
        );
        await tcp.until((text) => text.endsWith('\r\n\r\n'));
        answers.push(statusLine(tcp.text()));
      } finally {
        tcp.close();
      }
    }
    console.log(
      `fuzz: seed ${SEED}, inputs ${summary.inputs}, answers ${summary.answers}, silent ${summary.silent}, ` +
        `stack received ${stats.received} answered ${stats.answered} dropped ${stats.dropped}, crashes ${crashes.length + contained}`,
    );
    expect(crashes).toEqual([]);
    expect(contained).toBe(0);
    expect(summary.inputs).toBe(ITERATIONS);
    expect(answers).toEqual([
      'SIP/2.0 200 OK',
      'SIP/2.0 202 Accepted',
      'SIP/2.0 200 OK',
      'SIP/2.0 202 Accepted',
    ]);
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
});
