import { parseNameAddr, parseSipUri } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import {
  createStreamFramer,
  decodeMessage,
  printChanSipFrom,
  printChanSipTo,
  printPjsipNameAddr,
  printPjsipRequestUri,
  printRequest,
  printResponse,
} from '../src/index.js';

const uri = (text: string) => {
  const parsed = parseSipUri(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

describe('pjsip printer (R2.7)', () => {
  it.each([
    [
      'Alice <sip:alice@atlanta.com:5070;transport=tcp;user=phone>',
      '"Alice" <sip:alice@atlanta.com;user=phone>',
    ],
    ['"Frankie" <sip:frank@127.0.0.2:5061>', '"Frankie" <sip:frank@127.0.0.2>'],
    ['<sip:Banjo@10.0.0.45:5770;ob>', '<sip:Banjo@10.0.0.45;ob>'], // R2.7.4, the #1356 trace
    ['<sip:a@h;lr;maddr=10.0.0.1;ttl=5;x-ast-txp=udp;foo=bar>', '<sip:a@h;foo=bar>'],
    ['<sips:bob@[2001:db8::1]:5061>', '<sips:bob@[2001:db8::1]>'],
    ['"Say \\"hi\\"" <sip:a@h>', '"Say \\"hi\\"" <sip:a@h>'],
  ])('From/To of %s is %s', (input, printed) => {
    const parsed = parseNameAddr(input);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(printPjsipNameAddr(parsed.value.displayName, parsed.value.uri)).toBe(printed);
  });

  it('escapes the user part per RFC 3261 (R2.7.3)', () => {
    expect(printPjsipNameAddr(undefined, { ...uri('sip:h'), user: 'a b"c' })).toBe('<sip:a%20b%22c@h>');
  });

  it('keeps port and transport in the Request-URI, drops x-ast-txp (R2.7.2)', () => {
    expect(printPjsipRequestUri(uri('sip:Banjo@10.0.0.45:5770;ob;transport=tcp;x-ast-txp=t'))).toBe(
      'sip:Banjo@10.0.0.45:5770;ob;transport=tcp',
    );
  });
});

describe('chan_sip printer (R3.3, R3.4)', () => {
  it('always prints a quoted display name and a non-default port only', () => {
    expect(printChanSipFrom({ displayName: 'Johnny Appleseed', user: '9876', domain: '127.0.0.1' })).toBe(
      '"Johnny Appleseed" <sip:9876@127.0.0.1>',
    );
    expect(
      printChanSipFrom({ displayName: 'asterisk', user: 'asterisk', domain: '127.0.0.1', port: 5060 }),
    ).toBe('"asterisk" <sip:asterisk@127.0.0.1>');
    expect(printChanSipFrom({ displayName: ' fred', user: 'asterisk', domain: 'h', port: 5070 })).toBe(
      '" fred" <sip:asterisk@h:5070>',
    );
    expect(printChanSipFrom({ displayName: 'x', user: 'u', domain: 'h', port: 5061, tls: true })).toBe(
      '"x" <sip:u@h>',
    );
    expect(printChanSipFrom({ displayName: 'q"uote', user: 'a b', domain: '::1' })).toBe(
      '"q\\"uote" <sip:a%20b@[::1]>',
    );
  });

  it('prints To as the Request-URI in brackets, verbatim', () => {
    expect(printChanSipTo('sip:user@127.0.0.1:5062;user=phone')).toBe('<sip:user@127.0.0.1:5062;user=phone>');
  });
});

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
