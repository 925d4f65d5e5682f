import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SipInbound, type SipStack } from '../src/index.js';
import { answerOtherMethods } from '../src/tech-kit/index.js';
import { type RawTcp, rawRequest, rawTcp, rawUdp, statusLine } from './helpers/raw.js';
import { closeStacks, testStack } from './helpers/stack.js';

afterEach(closeStacks);

const figures: string[] = [];
afterEach(() => {
  for (const line of figures.splice(0)) console.log(line);
});

/** A legitimate OPTIONS from 127.0.0.2 over UDP and TCP: both must be answered 200. */
async function legitimateAnswered(stack: SipStack): Promise<number> {
  let answered = 0;
  const udp = await rawUdp('127.0.0.2');
  try {
    // A UDP client retransmits (RFC 3261 Timer E): a flood may fill the socket buffer meanwhile.
    const request = rawRequest({ sentBy: '127.0.0.2' });
    for (let attempt = 0; attempt < 4; attempt++) {
      udp.send(request, stack.address('udp')!.port);
      const answer = await udp.next(500);
      if (answer) {
        if (statusLine(answer) === 'SIP/2.0 200 OK') answered++;
        break;
      }
    }
  } finally {
    udp.close();
  }
  const tcp = await rawTcp(stack.address('tcp')!.port, '127.0.0.2');
  try {
    tcp.send(rawRequest({ transport: 'TCP', sentBy: '127.0.0.2' }));
    if ((await tcp.until((text) => text.endsWith('\r\n\r\n'))) && statusLine(tcp.text()) === 'SIP/2.0 200 OK')
      answered++;
  } finally {
    tcp.close();
  }
  return answered;
}

const options = () => ({
  onRequest: (request: Parameters<typeof answerOtherMethods>[0]) =>
    answerOtherMethods(request) ?? { status: 202 },
});

const waitClosed = (connection: RawTcp, ms = 3000) =>
  Promise.race([connection.closed, new Promise((resolve) => setTimeout(resolve, ms))]).then(() =>
    connection.isClosed(),
  );

describe('idle TCP connections', () => {
  it('an accepted connection that never sends is closed after idleTimeoutMs; one that sent half a head too', async () => {
    const stack = await testStack({ ...options(), limits: { idleTimeoutMs: 150 } });
    const silent = await rawTcp(stack.address('tcp')!.port);
    const half = await rawTcp(stack.address('tcp')!.port);
    half.send('MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1');
    expect(await waitClosed(silent)).toBe(true);
    expect(await waitClosed(half)).toBe(true);
    expect(stack.stats().reasons[SipInbound.IdleClosed]).toBe(2);
    expect(await legitimateAnswered(stack)).toBe(2);
  });

  it('the default is documented and applied: 60 s', () => {
    expect(DEFAULT_LIMITS.idleTimeoutMs).toBe(60_000);
  });
});

describe('oversized requests on a stream', () => {
  it('60 connections each sending a 1 MB MESSAGE: every one answered 413 and closed, none reaches the handler (default 64 KiB)', async () => {
    let handled = 0;
    const stack = await testStack({
      onRequest: (request) => {
        if (request.method === 'MESSAGE') handled++;
        return answerOtherMethods(request) ?? { status: 202 };
      },
    });
    const body = 'x'.repeat(1_000_000);
    const rssBefore = process.memoryUsage().rss;
    const connections = await Promise.all(
      Array.from({ length: 60 }, () => rawTcp(stack.address('tcp')!.port)),
    );
    for (const connection of connections)
      connection.send(rawRequest({ method: 'MESSAGE', transport: 'TCP', body }));
    const legit = await legitimateAnswered(stack);
    const closed = await Promise.all(connections.map((connection) => waitClosed(connection, 5000)));
    const answers = connections.map((connection) => statusLine(connection.text()));
    const rssAfter = process.memoryUsage().rss;
    expect(closed.every(Boolean)).toBe(true);
    expect(new Set(answers)).toEqual(
      new Set([`SIP/2.0 413 Request Entity Too Large (larger than ${64 * 1024} bytes)`]),
    );
    expect(handled).toBe(0);
    expect(stack.stats().reasons[SipInbound.TooLarge]).toBe(60);
    expect(legit).toBe(2);
    figures.push(
      `oversized: 60 x 1 MB over TCP, accepted 0, 413 ${answers.length}, legitimate answered ${legit}/2, rss ${Math.round(rssBefore / 2 ** 20)} -> ${Math.round(rssAfter / 2 ** 20)} MiB (client and server in one process)`,
    );
  });

  it('a header section with no end beyond the bound is closed without an answer', async () => {
    const stack = await testStack({ ...options(), limits: { maxMessageBytes: 4096 } });
    const connection = await rawTcp(stack.address('tcp')!.port);
    connection.send(`OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nX-Long: ${'a'.repeat(8000)}`);
    expect(await waitClosed(connection)).toBe(true);
    expect(connection.text()).toBe('');
    expect(stack.stats().reasons[SipInbound.TooLarge]).toBe(1);
  });

  it('a UDP datagram above maxMessageBytes is answered 413', async () => {
    const stack = await testStack({ ...options(), limits: { maxMessageBytes: 1000 } });
    const udp = await rawUdp();
    try {
      udp.send(rawRequest({ method: 'MESSAGE', body: 'y'.repeat(2000) }), stack.address('udp')!.port);
      expect(statusLine(await udp.next())).toBe(
        'SIP/2.0 413 Request Entity Too Large (larger than 1000 bytes)',
      );
    } finally {
      udp.close();
    }
  });
});

describe('connection floods', () => {
  it('per source: beyond maxConnectionsPerSource new connections are closed at once; another source still gets in', async () => {
    const stack = await testStack({ ...options(), limits: { maxConnectionsPerSource: 5 } });
    const flood = await Promise.all(Array.from({ length: 40 }, () => rawTcp(stack.address('tcp')!.port)));
    const refused = flood.filter((connection) => connection !== undefined);
    const closed = await Promise.all(refused.map((connection) => waitClosed(connection, 300)));
    const open = closed.filter((isClosed) => !isClosed).length;
    const legit = await legitimateAnswered(stack);
    expect(open).toBe(5);
    expect(stack.stats().reasons[SipInbound.ConnectionRefused]).toBe(35);
    expect(legit).toBe(2);
    for (const connection of flood) connection.close();
    figures.push(
      `connection flood (one source, limit 5): 40 attempts, accepted beyond the limit 0, legitimate answered ${legit}/2`,
    );
  });

  it('in total: beyond maxConnections new connections are closed', async () => {
    const stack = await testStack({ ...options(), limits: { maxConnections: 6 } });
    const flood = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rawTcp(stack.address('tcp')!.port, `127.0.1.${1 + (i % 10)}`)),
    );
    const closed = await Promise.all(flood.map((connection) => waitClosed(connection, 300)));
    expect(closed.filter((isClosed) => !isClosed).length).toBe(6);
    expect(stack.stats().reasons[SipInbound.ConnectionRefused]).toBe(14);
    for (const connection of flood) connection.close();
    // Closing frees the slots: the legitimate source gets in again.
    await Promise.all(flood.map((connection) => waitClosed(connection)));
    expect(await legitimateAnswered(stack)).toBe(2);
    figures.push(
      'connection flood (10 sources, total limit 6): 20 attempts, accepted beyond the limit 0, legitimate answered 2/2 once freed',
    );
  });
});

describe('request floods', () => {
  it('per source rate: beyond the bucket requests are dropped and counted; another source is answered', async () => {
    const stack = await testStack({ ...options(), limits: { requestsPerSecond: 0.001, requestBurst: 10 } });
    const udp = await rawUdp();
    try {
      for (let i = 0; i < 200; i++) udp.send(rawRequest(), stack.address('udp')!.port);
      const legit = await legitimateAnswered(stack);
      let answered = 0;
      while (await udp.next(300)) answered++;
      const { received, reasons } = stack.stats();
      expect(answered).toBe(10);
      // The kernel may drop some of a 200-datagram burst (and the legitimate client retransmits):
      // every flood datagram that arrived is either one of the 10 answered or counted.
      expect(reasons[SipInbound.RateLimited]).toBeGreaterThanOrEqual(received - 10 - 5);
      expect(reasons[SipInbound.RateLimited]).toBeLessThanOrEqual(190);
      expect(stack.stats().dropped).toBe(reasons[SipInbound.RateLimited]);
      expect(legit).toBe(2);
      figures.push(
        `request flood (one source, burst 10): 200 sent, ${received - 2} arrived, accepted beyond the bucket 0, legitimate answered ${legit}/2`,
      );
    } finally {
      udp.close();
    }
  });

  it('pending handler calls: beyond maxPendingRequests the answer is 503 with Retry-After; served again once they finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const stack = await testStack({
      limits: { maxPendingRequests: 3 },
      onRequest: async (request) => {
        if (request.method !== 'MESSAGE') return answerOtherMethods(request) ?? { status: 202 };
        calls++;
        await gate;
        return { status: 202 };
      },
    });
    const udp = await rawUdp();
    try {
      for (let i = 0; i < 20; i++)
        udp.send(rawRequest({ method: 'MESSAGE', body: `m${i}` }), stack.address('udp')!.port);
      const overloaded: string[] = [];
      for (let i = 0; i < 17; i++) overloaded.push((await udp.next(2000)) ?? '');
      expect(overloaded.map(statusLine)).toEqual(
        Array(17).fill('SIP/2.0 503 Service Unavailable (too many requests in progress)'),
      );
      expect(overloaded.every((answer) => answer.includes('\r\nRetry-After: 5\r\n'))).toBe(true);
      expect(calls).toBe(3);
      release();
      const done = [await udp.next(2000), await udp.next(2000), await udp.next(2000)];
      expect(done.map(statusLine)).toEqual(Array(3).fill('SIP/2.0 202 Accepted'));
      expect(await legitimateAnswered(stack)).toBe(2);
      expect(stack.stats().reasons[SipInbound.Overloaded]).toBe(17);
      figures.push(
        'pending flood (limit 3): 20 attempts, accepted beyond the limit 0, legitimate answered 2/2 after',
      );
    } finally {
      udp.close();
    }
  });
});
