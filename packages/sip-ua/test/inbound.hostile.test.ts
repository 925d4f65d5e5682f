import { afterEach, describe, expect, it } from 'vitest';
import { SipInbound } from '../src/index.js';
import { answerOtherMethods } from '../src/tech-kit/index.js';
import { rawRequest, rawTcp, rawUdp, statusLine } from './helpers/raw.js';
import { closeStacks, testStack } from './helpers/stack.js';

afterEach(closeStacks);

const accepting = () => testStack({ onRequest: (request) => answerOtherMethods(request) ?? { status: 202 } });

describe('a control character in a header is answered 400, never a crash (defect: one datagram killed the process)', () => {
  for (const char of ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f']) {
    const code = char.charCodeAt(0).toString(16).padStart(2, '0');
    it(`0x${code} in the From tag over UDP and TCP: 400 naming From, and the stack keeps serving`, async () => {
      const stack = await accepting();
      const udp = await rawUdp();
      try {
        const hostile = rawRequest({
          method: 'MESSAGE',
          headers: { From: `<sip:a@127.0.0.1>;tag=x${char}y` },
        });
        udp.send(hostile, stack.address('udp')!.port);
        const answer = await udp.next();
        expect(statusLine(answer)).toBe('SIP/2.0 400 Bad Request (a control character in From)');
        expect(answer).not.toContain(char); // the bad value is not echoed
        udp.send(rawRequest({ method: 'OPTIONS' }), stack.address('udp')!.port);
        expect(statusLine(await udp.next())).toBe('SIP/2.0 200 OK');
      } finally {
        udp.close();
      }
      const tcp = await rawTcp(stack.address('tcp')!.port);
      try {
        tcp.send(
          rawRequest({ method: 'MESSAGE', transport: 'TCP', headers: { From: `<sip:a@h>;tag=${char}` } }),
        );
        expect(await tcp.until((text) => text.includes('\r\n\r\n'))).toBe(true);
        expect(statusLine(tcp.text())).toBe('SIP/2.0 400 Bad Request (a control character in From)');
      } finally {
        tcp.close();
      }
      expect(stack.stats().reasons[SipInbound.BadRequest]).toBe(2);
    });
  }

  it('a quoted-pair control character (RFC 4475 §3.1.1.2) is valid: the request reaches the handler and the To is copied', async () => {
    const stack = await accepting();
    const udp = await rawUdp();
    try {
      udp.send(
        rawRequest({ method: 'OPTIONS', headers: { To: '"BEL:\\\u0007 NUL:\\\u0000" <sip:bob@127.0.0.1>' } }),
        stack.address('udp')!.port,
      );
      const answer = await udp.next();
      expect(statusLine(answer)).toBe('SIP/2.0 200 OK');
      expect(answer).toMatch(/\r\nTo: "BEL:\\\u0007 NUL:\\\u0000" <sip:bob@127\.0\.0\.1>;tag=/);
    } finally {
      udp.close();
    }
  });

  it('a handler answering with an unprintable header gives 500, not a crash', async () => {
    const stack = await testStack({
      onRequest: () => ({ status: 200, headers: [{ name: 'X-Bad', value: 'a\u0000b' }] }),
    });
    const udp = await rawUdp();
    try {
      udp.send(rawRequest(), stack.address('udp')!.port);
      expect(statusLine(await udp.next())).toBe('SIP/2.0 500 Server Internal Error');
    } finally {
      udp.close();
    }
  });
});

describe('requests RFC 3261 says to answer are answered', () => {
  const cases: { name: string; request: () => string; status: string }[] = [
    {
      name: 'unknown method: 405 with Allow from the handler',
      request: () => rawRequest({ method: 'FROBNICATE' }),
      status: 'SIP/2.0 405 Method Not Allowed',
    },
    {
      name: 'SIP/3.0: 505',
      request: () => rawRequest({ firstLine: 'OPTIONS sip:bob@127.0.0.1 SIP/3.0' }),
      status: 'SIP/2.0 505 Version Not Supported (SIP/3.0 is not supported)',
    },
    ...['Call-ID', 'From', 'To', 'CSeq'].map((header) => ({
      name: `missing ${header}: 400`,
      request: () => rawRequest({ headers: { [header]: undefined } }),
      status: `SIP/2.0 400 Bad Request (missing ${header})`,
    })),
    {
      name: 'Content-Length larger than the body on UDP: 400',
      request: () => rawRequest({ method: 'MESSAGE', body: 'hi', headers: { 'Content-Length': '50' } }),
      status: 'SIP/2.0 400 Bad Request (Content-Length larger than the body)',
    },
    {
      name: 'two Content-Length headers: 400',
      request: () => rawRequest({ method: 'MESSAGE', body: 'hi', headers: { 'Content-Length#2': '2' } }),
      status: 'SIP/2.0 400 Bad Request (more than one Content-Length)',
    },
    {
      name: 'CSeq method differing from the request method: 400',
      request: () => rawRequest({ method: 'MESSAGE', headers: { CSeq: '1 INVITE' } }),
      status: 'SIP/2.0 400 Bad Request (CSeq method does not match the request)',
    },
    {
      name: 'a malformed Request-Line (two spaces): 400',
      request: () => rawRequest({ firstLine: 'OPTIONS  sip:bob@127.0.0.1 SIP/2.0' }),
      status: 'SIP/2.0 400 Bad Request (malformed Request-Line)',
    },
  ];
  for (const { name, request, status } of cases) {
    it(name, async () => {
      const stack = await accepting();
      const udp = await rawUdp();
      try {
        udp.send(request(), stack.address('udp')!.port);
        const answer = await udp.next();
        expect(statusLine(answer)).toBe(status);
        if (status.includes(' 405 ')) expect(answer).toContain('\r\nAllow: MESSAGE, REGISTER, OPTIONS\r\n');
      } finally {
        udp.close();
      }
    });
  }

  it('without a Via nothing can be routed: dropped and counted, and the stack still answers', async () => {
    const stack = await accepting();
    const udp = await rawUdp();
    try {
      udp.send(rawRequest({ headers: { Via: undefined } }), stack.address('udp')!.port);
      udp.send(rawRequest({ headers: { Via: 'garbage' } }), stack.address('udp')!.port);
      udp.send('\u0000\u0001 not SIP at all', stack.address('udp')!.port);
      expect(await udp.next(200)).toBeUndefined();
      udp.send(rawRequest(), stack.address('udp')!.port);
      expect(statusLine(await udp.next())).toBe('SIP/2.0 200 OK');
      const { reasons, dropped, answered } = stack.stats();
      expect(reasons[SipInbound.NoVia]).toBe(2);
      expect(reasons[SipInbound.Unparseable]).toBe(1);
      expect({ dropped, answered }).toEqual({ dropped: 3, answered: 1 });
    } finally {
      udp.close();
    }
  });
});

describe('status lines are exactly three digits 100-699 (defect: "2000" read as 200, 700 accepted)', () => {
  it('malformed status lines are counted and ignored; the request waits for the valid response', async () => {
    const stack = await testStack();
    const peer = await rawUdp();
    try {
      const { outcome } = stack.send({
        method: 'MESSAGE',
        uri: `sip:bob@127.0.0.1:${peer.port}`,
        headers: [
          { name: 'From', value: '<sip:a@127.0.0.1>;tag=1' },
          { name: 'To', value: '<sip:bob@127.0.0.1>' },
          { name: 'Call-ID', value: 'strict-status' },
          { name: 'CSeq', value: '1 MESSAGE' },
        ],
        body: 'x',
      });
      const request = (await peer.next())!;
      const copy = request
        .split('\r\n')
        .filter((line) => /^(Via|From|To|Call-ID|CSeq):/.test(line))
        .join('\r\n');
      const from = stack.address('udp')!.port;
      for (const line of ['SIP/2.0 2000 OK', 'SIP/2.0 700 Weird', 'SIP/2.0 20 OK', 'SIP/2.0 099 Low'])
        peer.send(`${line}\r\n${copy}\r\nContent-Length: 0\r\n\r\n`, from);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stack.stats().reasons[SipInbound.MalformedResponse]).toBe(4);
      peer.send(`SIP/2.0 202 Accepted\r\n${copy}\r\nContent-Length: 0\r\n\r\n`, from);
      const result = await outcome;
      expect(result.kind === 'response' && result.response.status).toBe(202);
    } finally {
      peer.close();
    }
  });

  it('only malformed status lines: the request ends at its bound as a timeout', async () => {
    const stack = await testStack({ timers: { t1: 10, t2: 40, t4: 50 } });
    const peer = await rawUdp();
    try {
      const { outcome } = stack.send({
        method: 'MESSAGE',
        uri: `sip:bob@127.0.0.1:${peer.port}`,
        headers: [
          { name: 'From', value: '<sip:a@127.0.0.1>;tag=1' },
          { name: 'To', value: '<sip:bob@127.0.0.1>' },
          { name: 'Call-ID', value: 'strict-status-2' },
          { name: 'CSeq', value: '1 MESSAGE' },
        ],
        body: 'x',
      });
      const request = (await peer.next())!;
      const copy = request
        .split('\r\n')
        .filter((line) => /^(Via|From|To|Call-ID|CSeq):/.test(line))
        .join('\r\n');
      peer.send(`SIP/2.0 2000 OK\r\n${copy}\r\nContent-Length: 0\r\n\r\n`, stack.address('udp')!.port);
      expect((await outcome).kind).toBe('timeout');
    } finally {
      peer.close();
    }
  });
});

describe('free-text headers', () => {
  it('a lone quote in Subject is text, not an error; in From it is an unterminated quoted string', async () => {
    const stack = await accepting();
    const udp = await rawUdp();
    try {
      udp.send(rawRequest({ headers: { Subject: 'he said "hi' } }), stack.address('udp')!.port);
      expect(statusLine(await udp.next())).toBe('SIP/2.0 200 OK');
      udp.send(
        rawRequest({ headers: { From: '"Alice <sip:a@127.0.0.1>;tag=1' } }),
        stack.address('udp')!.port,
      );
      expect(statusLine(await udp.next())).toBe(
        'SIP/2.0 400 Bad Request (an unterminated quoted string in From)',
      );
    } finally {
      udp.close();
    }
  });
});
