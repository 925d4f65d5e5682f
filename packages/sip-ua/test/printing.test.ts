import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  createStreamFramer,
  decodeMessage,
  printRequest,
  printResponse,
} from '../src/index.js';

describe('wire format', () => {
  it('prints UTF-8 bodies with a byte Content-Length and parses them back', () => {
    const bytes = printRequest(
      {
        method: 'MESSAGE',
        uri: 'sip:b@h',
        headers: [
          { name: 'From', value: '<sip:a@h>;tag=1' },
          { name: 'To', value: '<sip:b@h>' },
          { name: 'Call-ID', value: 'c' },
          { name: 'CSeq', value: '1 MESSAGE' },
        ],
        body: 'é✓',
      },
      'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx',
    );
    expect(bytes.toString('utf8')).toMatch(/Content-Length: 5\r\n\r\né✓$/);
    const decoded = decodeMessage(bytes, {
      protocol: 'udp',
      address: '127.0.0.1',
      port: 1,
      local: { address: '127.0.0.1', port: 2 },
    });
    expect(decoded).toMatchObject({
      kind: 'request',
      method: 'MESSAGE',
      uri: 'sip:b@h',
      body: 'é✓',
      bodyBytes: 5,
    });
  });

  it("buildRequest's checked headers are frozen: nothing can be added or changed that printing would not check", () => {
    const request = buildRequest({
      method: 'MESSAGE',
      requestUri: 'sip:b@h',
      from: '<sip:a@h>',
      to: '<sip:b@h>',
    });
    expect(() =>
      (request.headers as { name: string; value: string }[]).push({ name: 'X', value: 'a\r\nY: b' }),
    ).toThrow(TypeError);
    expect(() => {
      (request.headers[0] as { value: string }).value = 'x\r\nInjected: 1';
    }).toThrow(TypeError);
    // The caller's own header objects are copied, not frozen under them.
    const mine = { name: 'X-Mine', value: 'a' };
    buildRequest({
      method: 'MESSAGE',
      requestUri: 'sip:b@h',
      from: '<sip:a@h>',
      to: '<sip:b@h>',
      headers: [mine],
    });
    expect(Object.isFrozen(mine)).toBe(false);
    // A list the builder did not check (a retry's new headers, a hand-made request) is checked when printed.
    expect(() =>
      printRequest(request, 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx', [
        ...request.headers,
        { name: 'X', value: 'a\r\nY: b' },
      ]),
    ).toThrow(/control character/);
  });

  it('buildRequest shares the checked field of a value that repeats, and still refuses an unsafe one', () => {
    const input = { method: 'MESSAGE', requestUri: 'sip:b@h', from: '<sip:a@h>', to: '<sip:b@h>', body: 'x' };
    const first = buildRequest(input);
    const second = buildRequest(input);
    // To, CSeq, Max-Forwards and Content-Type repeat: one frozen field each, not one per request.
    for (const name of ['To', 'CSeq', 'Max-Forwards', 'Content-Type'])
      expect(second.headers.find((h) => h.name === name)).toBe(first.headers.find((h) => h.name === name));
    // The per-send ones are the request's own.
    expect(second.headers[0]!.value).not.toBe(first.headers[0]!.value);
    expect(second.headers.find((h) => h.name === 'Call-ID')!.value).not.toBe(
      first.headers.find((h) => h.name === 'Call-ID')!.value,
    );
    // A value seen clean before does not let a different, unsafe one through; nor does a caller's tag or Call-ID.
    expect(() => buildRequest({ ...input, to: '<sip:b@h>\r\nX: y' })).toThrow(/control character/);
    expect(() => buildRequest({ ...input, from: '<sip:a@h>\n' })).toThrow(/control character/);
    expect(() => buildRequest({ ...input, fromTag: 't\r\nX: y' })).toThrow(/control character/);
    expect(() => buildRequest({ ...input, callId: 'c\u0000' })).toThrow(/control character/);
    expect(() => buildRequest({ ...input, userAgent: 'ua\rX' })).toThrow(/control character/);
  });

  it('refuses to print a response whose reason phrase could inject a header', () => {
    expect(() => printResponse(200, 'OK\r\nX: y', [])).toThrow(/control character/);
  });

  it('decodeMessage ignores garbage, truncated bodies and messages without the mandatory headers', () => {
    const source = { protocol: 'udp' as const, address: 'a', port: 1, local: { address: 'b', port: 2 } };
    expect(decodeMessage(Buffer.from('hello'), source)).toBeUndefined();
    expect(
      decodeMessage(Buffer.from('MESSAGE sip:a@h SIP/2.0\r\nContent-Length: 10\r\n\r\nshort'), source),
    ).toBeUndefined();
    expect(decodeMessage(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'), source)).toBeUndefined();
  });

  it('frames a TCP stream split anywhere, with keep-alive CRLFs between messages', () => {
    const messages: string[] = [];
    const errors: string[] = [];
    const feed = createStreamFramer(
      (bytes) => messages.push(bytes.toString('utf8')),
      (error) => errors.push(error.reason),
    );
    const one = 'MESSAGE sip:a@h SIP/2.0\r\nl: 3\r\n\r\néa';
    const stream = Buffer.from(`\r\n\r\n${one}${one}`);
    for (let i = 0; i < stream.length; i += 7) feed(stream.subarray(i, i + 7));
    expect(messages).toEqual([one, one]);
    feed(Buffer.from('MESSAGE sip:a@h SIP/2.0\r\nX: 1\r\n\r\n'));
    expect(errors).toEqual(['Content-Length required on a stream']);
  });
});
