import { describe, expect, it } from 'vitest';
import {
  escapeChars,
  formatSipUri,
  isIPv6,
  parseSipUri,
  sipUriEquals,
  USER_CHARS,
  unescapeChars,
} from '../src/index.js';

const reprint = (text: string) => {
  const parsed = parseSipUri(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return formatSipUri(parsed.value);
};

describe('escaped octets keep the URI identity', () => {
  it.each([
    ['sip:%ae@cb', 'sip:%AE@cb'], // not UTF-8: the same octet, not U+00AE re-encoded as %C2%AE
    ['sip:%C3%A9@h', 'sip:%C3%A9@h'], // UTF-8 é stays é
    ['sip:%c3%a9%ae@h', 'sip:%C3%A9%AE@h'], // valid and invalid octets side by side
    ['sip:%ff%fe:%80@h', 'sip:%FF%FE:%80@h'], // the password too
    ['sip:%E2%82@h', 'sip:%E2%82@h'], // a truncated sequence
    ['sip:%ED%A0%80@h', 'sip:%ED%A0%80@h'], // an encoded surrogate is not UTF-8
    ['sip:%C0%AF@h', 'sip:%C0%AF@h'], // an overlong form is not UTF-8
    ['sip:%41lice@h', 'sip:Alice@h'], // an escaped unreserved character is that character
  ])('%s prints as %s', (input, printed) => {
    expect(reprint(input)).toBe(printed);
    expect(sipUriEquals(input, printed)).toBe(true);
  });

  it('different octets are different URIs (RFC 3261 §19.1.4)', () => {
    expect(sipUriEquals('sip:%ae@cb', 'sip:%C2%AE@cb')).toBe(false);
    expect(sipUriEquals('sip:%ae@cb', 'sip:%AE@cb')).toBe(true);
    expect(sipUriEquals('sip:%ae@cb', 'sip:%af@cb')).toBe(false);
  });

  it('unescape and escape are inverse for any octets', () => {
    for (let byte = 0; byte < 256; byte++) {
      const escaped = `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      const text = unescapeChars(escaped);
      const back = escapeChars(text, USER_CHARS);
      expect(back === escaped || back === text, escaped).toBe(true);
    }
  });
});

describe('IPv6 references (RFC 3986 dec-octet in an embedded IPv4 address)', () => {
  it.each([
    'a::4fc2:d:1e8:57f:19.02.184.7',
    '::ffff:01.2.3.4',
    '::ffff:1.2.3.004',
    '::ffff:1.2.3.256',
    '::ffff:1.2.3',
  ])('rejects %s', (address) => {
    expect(isIPv6(address)).toBe(false);
    expect(parseSipUri(`sip:[${address}]`).ok).toBe(false);
  });

  it.each([
    'a::4fc2:d:1e8:57f:19.2.184.7',
    '::ffff:0.0.0.0',
    '::ffff:255.255.255.255',
    '1:2:3:4:5:6:10.0.0.1',
  ])('accepts %s', (address) => {
    expect(isIPv6(address)).toBe(true);
    expect(parseSipUri(`sip:[${address}]`).ok).toBe(true);
  });

  it('an IPv4 host keeps RFC 3261 IPv4address (leading zeros allowed)', () => {
    expect(parseSipUri('sip:019.002.184.7').ok).toBe(true);
  });
});
