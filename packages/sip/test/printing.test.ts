import { describe, expect, it } from 'vitest';
import { printChanSipFrom, printChanSipTo } from '../src/print-headers.js';

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
