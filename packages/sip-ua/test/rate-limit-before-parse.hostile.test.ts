import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SipInbound, type SipStack } from '../src/index.js';
import { looksLikeResponse } from '../src/mechanics/inbound/response-prefix.js';
import { readMessage } from '../src/mechanics/wire/parse.js';
import { answerOtherMethods } from '../src/tech-kit/index.js';
import { TORTURE } from './fixtures/rfc4475.js';
import { type RawUdp, rawRequest, rawTcp, rawUdp, statusLine } from './helpers/raw.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

afterEach(closeStacks);

const figures: string[] = [];
afterEach(() => {
  for (const line of figures.splice(0)) console.log(line);
});

const options = () => ({
  onRequest: (request: Parameters<typeof answerOtherMethods>[0]) =>
    answerOtherMethods(request) ?? { status: 202 },
});

// A refill this slow adds nothing within a test: the bucket is the burst.
const limits = { requestsPerSecond: 0.001, requestBurst: 10 };

/** Polls until `probe` holds or 5 s pass (a bound, not a speed assertion). */
async function eventually(probe: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return probe();
}

/** Sends a MESSAGE as a UDP client does (retransmitting, RFC 3261 Timer E) and returns the status line. */
async function messageAnswered(stack: SipStack, client: RawUdp, sentBy: string): Promise<string | undefined> {
  const request = rawRequest({ method: 'MESSAGE', sentBy, body: 'still here' });
  for (let attempt = 0; attempt < 6; attempt++) {
    client.send(request, stack.address('udp')!.port);
    const answer = await client.next(500);
    if (answer) return statusLine(answer);
  }
  return undefined;
}

const waitTicks = () => new Promise((resolve) => setImmediate(resolve));

describe('the per-source rate limit is decided before the parse', () => {
  it('looksLikeResponse says what readMessage would: the RFC 4475 set and edge cases', () => {
    const source = {
      protocol: 'udp' as const,
      address: '127.0.0.1',
      port: 5060,
      local: { address: '127.0.0.1', port: 5060 },
    };
    const head =
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\n';
    const samples = [
      ...TORTURE.map((entry) => entry.bytes),
      Buffer.from(`SIP/2.0 200 OK\r\n${head}\r\n`),
      Buffer.from(`sip/2.0 200 OK\r\n${head}\r\n`),
      Buffer.from(`\r\n\r\nSIP/2.0 200 OK\r\n${head}\r\n`),
      Buffer.from(`\r\nSIP/2.0 200 OK\r\n${head}\r\n`),
      Buffer.from('SIP/2.0 200 OK\r\n'),
      Buffer.from('SIP/\r\n\r\n'),
      Buffer.from('SIP/2.0 999 Garbage\r\n\r\n'),
      Buffer.from(`SIP/2.0 200 OK\r\n${'X-Long: y\r\n'.repeat(7000)}\r\n`),
      Buffer.from('\r\n\r\n'),
      Buffer.from(''),
      Buffer.from(rawRequest()),
      randomBytes(300),
    ];
    for (const bytes of samples) {
      const read = readMessage(bytes, source);
      const isResponse = read.ok ? read.message.kind === 'response' : read.response;
      expect(looksLikeResponse(bytes), JSON.stringify(bytes.subarray(0, 40).toString('latin1'))).toBe(
        isResponse,
      );
    }
  });

  it('10 000 garbage datagrams from one source: only the bucket is parsed, and a MESSAGE from another source is answered', async () => {
    const stack = await testStack({ ...options(), limits });
    const flood = await rawUdp('127.0.0.2');
    const legitimate = await rawUdp('127.0.0.1');
    try {
      const garbage = Array.from({ length: 100 }, () => randomBytes(200));
      let answered: string | undefined;
      for (let i = 0; i < 10_000; i++) {
        flood.send(garbage[i % garbage.length]!, stack.address('udp')!.port);
        // Mid-flood, the legitimate client speaks (the flood goes on while it waits).
        if (i === 5_000)
          void messageAnswered(stack, legitimate, '127.0.0.1').then((line) => (answered = line));
        if (i % 500 === 0) await waitTicks();
      }
      expect(await eventually(() => answered !== undefined)).toBe(true);
      expect(answered).toBe('SIP/2.0 202 Accepted');
      // Every flood datagram that arrived (the kernel may drop some) is accounted for.
      expect(
        await eventually(
          () =>
            stack.stats().received === stack.stats().reasons[SipInbound.RateLimited] + stack.stats().parsed,
        ),
      ).toBe(true);
      const { received, parsed, reasons } = stack.stats();
      expect(received).toBeGreaterThan(1_000);
      // The flood's bucket of 10, then the MESSAGE (once, or again if a retransmission was needed).
      expect(parsed).toBeGreaterThanOrEqual(11);
      expect(parsed).toBeLessThanOrEqual(10 + 6);
      expect(reasons[SipInbound.RateLimited]).toBe(received - parsed);
      // Garbage within the bucket is read and dropped as unparseable: nothing answers it.
      expect(reasons[SipInbound.Unparseable]).toBe(10);
      expect(flood.received.length).toBe(0);
      figures.push(
        `garbage flood (one source, burst 10): 10000 sent, ${received} arrived, parsed ${parsed} (bucket 10 + the legitimate MESSAGE), rate-limited unparsed ${reasons[SipInbound.RateLimited]}, legitimate MESSAGE ${answered}`,
      );
    } finally {
      flood.close();
      legitimate.close();
    }
  });

  it('over TCP, each framed message of a connection is limited before its parse', async () => {
    const stack = await testStack({ ...options(), limits });
    const tcp = await rawTcp(stack.address('tcp')!.port, '127.0.0.2');
    try {
      const burst = Array.from({ length: 50 }, () =>
        rawRequest({ transport: 'TCP', sentBy: '127.0.0.2' }),
      ).join('');
      tcp.send(burst);
      expect(await eventually(() => stack.stats().received === 50)).toBe(true);
      const { parsed, reasons } = stack.stats();
      expect(parsed).toBe(10);
      expect(reasons[SipInbound.RateLimited]).toBe(40);
      expect(await tcp.until((text) => text.split('SIP/2.0 200 OK').length - 1 === 10)).toBe(true);
    } finally {
      tcp.close();
    }
  });

  it('a response to our own request is exempt: it is delivered while its source is over the limit', async () => {
    const stack = await testStack({ ...options(), limits });
    const peer = await rawUdp('127.0.0.2');
    try {
      // The peer empties its bucket first: 50 requests, 10 taken, 40 limited.
      for (let i = 0; i < 50; i++) peer.send(rawRequest({ sentBy: '127.0.0.2' }), stack.address('udp')!.port);
      expect(await eventually(() => stack.stats().reasons[SipInbound.RateLimited] === 40)).toBe(true);
      while (await peer.next(200)) {} // the 10 answers
      const sent = stack.send(message(`sip:bob@127.0.0.2:${peer.port}`));
      const request = await peer.next(2000);
      expect(request).toMatch(/^MESSAGE /);
      const copied = request!
        .split('\r\n')
        .filter((line) => /^(Via|From|To|Call-ID|CSeq):/i.test(line))
        .map((line) => (/^To:/i.test(line) ? `${line};tag=peer` : line));
      peer.send(
        `SIP/2.0 200 OK\r\n${copied.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`,
        stack.address('udp')!.port,
      );
      const outcome = await sent.outcome;
      expect(outcome.kind === 'response' && outcome.response.status).toBe(200);
      expect(stack.stats().reasons[SipInbound.RateLimited]).toBe(40);
    } finally {
      peer.close();
    }
  });
});
