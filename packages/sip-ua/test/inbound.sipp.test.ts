import { createSocket } from 'node:dgram';
import { headerValue, runningPeers, runSippUac, uacScenario } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  buildRequest,
  type IncomingRequest,
  isBindError,
  SipErrorCode,
  startSipStack,
} from '../src/index.js';
import { deliveryReport } from '../src/tech-kit/index.js';
import { eventually, recordingLogger } from './helpers/log.js';
import { closeStacks, message, testStack } from './helpers/stack.js';

afterEach(closeStacks);
afterAll(() => expect(runningPeers()).toEqual([]));

/** A SIPp UAC whose MESSAGE is retransmitted every 100 ms until the 202 arrives. */
const RETRANSMITTING_UAC = uacScenario([
  { method: 'MESSAGE', body: 'once only', headers: ['Content-Type: text/plain'], expect: 202 },
]).replace('retrans="500"', 'retrans="100"');

describe('inbound requests', () => {
  it('a handler gets a typed request once while SIPp retransmits it, and one 202 with a To tag answers', async () => {
    const seen: IncomingRequest[] = [];
    const stack = await testStack({
      onRequest: async (request) => {
        seen.push(request);
        await new Promise((resolve) => setTimeout(resolve, 450)); // SIPp retransmits meanwhile
        return { status: 202, headers: [{ name: 'X-Handled', value: 'yes' }] };
      },
    });
    const udp = stack.address('udp')!;
    const result = await runSippUac({ scenario: RETRANSMITTING_UAC, target: `${udp.host}:${udp.port}` });
    expect(result.exit.code, result.errors.join('\n')).toBe(0);
    const sent = result.messages.filter((m) => m.direction === 'sent');
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'MESSAGE',
      uri: expect.stringMatching(/^sip:service@127\.0\.0\.1:\d+$/),
      body: expect.stringMatching(/^once only\r?\n$/),
    });
    expect(seen[0]!.source.protocol).toBe('udp');
    const [response] = result.messages.filter((m) => m.direction === 'received');
    expect(response!.firstLine).toBe('SIP/2.0 202 Accepted');
    expect(headerValue(response!, 'To')).toMatch(/^<sip:service@127\.0\.0\.1:\d+>;tag=[\w-]+$/);
    expect(headerValue(response!, 'X-Handled')).toBe('yes');
  });

  it('a retransmission after the final response gets the stored response again, byte for byte', async () => {
    let calls = 0;
    const stack = await testStack({
      onRequest: () => {
        calls++;
        return { status: 202 };
      },
    });
    const udp = stack.address('udp')!;
    const client = createSocket('udp4');
    const answers: Buffer[] = [];
    client.on('message', (bytes) => answers.push(bytes));
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    const { port } = client.address();
    const request = Buffer.from(
      `MESSAGE sip:bob@127.0.0.1:${udp.port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKretrans1\r\n` +
        `From: <sip:c@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: retrans-1\r\nCSeq: 1 MESSAGE\r\n` +
        'Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi',
    );
    try {
      for (let i = 0; i < 3; i++) {
        client.send(request, udp.port, '127.0.0.1');
        const deadline = Date.now() + 2000;
        while (answers.length <= i && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(calls).toBe(1);
      expect(answers).toHaveLength(3);
      expect(answers[1]!.equals(answers[0]!)).toBe(true);
      expect(answers[2]!.equals(answers[0]!)).toBe(true);
    } finally {
      client.close();
    }
  });

  it('no handler gives 501; a throwing handler gives 500', async () => {
    const bare = await testStack();
    const udp = bare.address('udp')!;
    const plain = uacScenario([{ method: 'MESSAGE', body: 'x', expect: 501 }]);
    expect((await runSippUac({ scenario: plain, target: `${udp.host}:${udp.port}` })).exit.code).toBe(0);
    bare.setRequestHandler(() => {
      throw new Error('bug');
    });
    const failing = uacScenario([{ method: 'MESSAGE', body: 'x', expect: 500 }]);
    expect((await runSippUac({ scenario: failing, target: `${udp.host}:${udp.port}` })).exit.code).toBe(0);
  });

  it('two stacks in one process on 127.0.0.1 talk to each other over UDP and TCP', async () => {
    const receiver = await testStack({
      onRequest: (request) => ({ status: 200, body: `echo ${request.body}` }),
    });
    const sender = await testStack();
    for (const protocol of ['udp', 'tcp'] as const) {
      const { host, port } = receiver.address(protocol)!;
      const outcome = await sender.send(message(`sip:bob@${host}:${port};transport=${protocol}`, protocol))
        .outcome;
      expect(deliveryReport(outcome)).toMatchObject({ outcome: 'delivered', code: 200 });
      expect(outcome.kind === 'response' && outcome.response.body).toBe(`echo ${protocol}`);
    }
  });
});

describe('UDP retransmission (RFC 3261 §17.1.2.2)', () => {
  it('Timer E doubles from T1 and is capped at T2; Timer F ends it', async () => {
    const silent = createSocket('udp4');
    const arrivals: number[] = [];
    silent.on('message', () => arrivals.push(performance.now()));
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const logger = recordingLogger();
      const stack = await testStack({ timers: { t1: 40, t2: 160, t4: 200 }, logger });
      const started = performance.now();
      const outcome = await stack.send(message(`sip:bob@127.0.0.1:${silent.address().port}`)).outcome;
      expect(outcome.kind).toBe('timeout');
      // Timers never fire early, so lower bounds hold however loaded the machine is.
      expect(performance.now() - started).toBeGreaterThanOrEqual(64 * 40 - 20);
      // The schedule as the stack ran it (each retransmission logs the wait before it): 40, 80,
      // 160, then 160 each time. Read from the log, not from wall-clock gaps that load stretches.
      const waits = logger.lines
        .filter((line) => line.message === 'sip retransmit')
        .map((line) => line.fields?.intervalMs);
      expect(waits.length).toBeGreaterThanOrEqual(4);
      expect(waits).toEqual(waits.map((_, i) => Math.min(40 * 2 ** i, 160)));
      // Every retransmission reached the wire, and the last no earlier than the waits add up to.
      expect(await eventually(() => arrivals.length === waits.length + 1)).toBe(true);
      const waited = (waits as number[]).reduce((sum, wait) => sum + wait, 0);
      expect(arrivals.at(-1)! - started).toBeGreaterThanOrEqual(waited - waits.length);
    } finally {
      silent.close();
    }
  });
});

describe('start-up and input errors', () => {
  it('a port in use rejects with ERR_MSG_SIP_BIND_FAILED instead of crashing', async () => {
    const first = await testStack();
    const taken = first.address('udp')!.port;
    const error = await startSipStack({ transports: [{ protocol: 'udp', port: taken }] }).catch(
      (e: unknown) => e,
    );
    expect(isBindError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(SipErrorCode.BindFailed);
  });

  it('CR, LF or NUL in a header value is refused before anything is sent', () => {
    for (const value of ['a\r\nInjected: yes', 'a\nb', 'a\u0000b']) {
      expect(() =>
        buildRequest({
          method: 'MESSAGE',
          requestUri: 'sip:b@h',
          from: '<sip:a@h>',
          to: '<sip:b@h>',
          headers: [{ name: 'X-A', value }],
        }),
      ).toThrow(expect.objectContaining({ code: SipErrorCode.HeaderInvalid }));
    }
    expect(() =>
      buildRequest({ method: 'MESSAGE', requestUri: 'sip:b@h', from: '<sip:a@h>\r\nX: y', to: '<sip:b@h>' }),
    ).toThrow(/control character/);
    expect(() =>
      buildRequest({
        method: 'MESSAGE',
        requestUri: 'sip:b@h',
        from: '<sip:a@h>',
        to: '<sip:b@h>',
        headers: [{ name: 'Bad Name', value: 'x' }],
      }),
    ).toThrow(/invalid SIP header name/);
  });
});
