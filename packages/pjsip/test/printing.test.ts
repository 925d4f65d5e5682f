import { parseNameAddr, parseSipUri } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { printPjsipNameAddr, printPjsipRequestUri } from '../src/print-headers.js';

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
    // pjproject's sip_uri.c prints user, transport, ttl, maddr, lr before other parameters.
    expect(printPjsipRequestUri(uri('sip:Banjo@10.0.0.45:5770;ob;transport=tcp;x-ast-txp=t'))).toBe(
      'sip:Banjo@10.0.0.45:5770;transport=tcp;ob',
    );
  });

  it.each([
    // [URI, Request-URI, From/To] as pjproject prints them (method= only outside both)
    [
      'sip:u@h;x=1;lr;maddr=10.0.0.1;ttl=5;transport=udp;user=phone',
      'sip:u@h;user=phone;transport=udp;ttl=5;maddr=10.0.0.1;lr;x=1',
      '<sip:u@h;user=phone;x=1>',
    ],
    ['sip:u@h;method=INVITE;a=b', 'sip:u@h;a=b', '<sip:u@h;a=b>'],
    ['sip:u@h;b=2;a=1', 'sip:u@h;b=2;a=1', '<sip:u@h;b=2;a=1>'],
  ])('%s prints as pjproject does', (text, requestUri, nameAddr) => {
    expect(printPjsipRequestUri(uri(text))).toBe(requestUri);
    expect(printPjsipNameAddr(undefined, uri(text))).toBe(nameAddr);
  });
});
