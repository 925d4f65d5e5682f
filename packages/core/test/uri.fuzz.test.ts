import { isIPv6 as nodeIsIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSipUri,
  isIPv6,
  parseJid,
  parseNameAddr,
  parseSipUri,
  type SipUri,
  sipUriEquals,
} from '../src/index.js';

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
const hostname = fc
  .tuple(fc.array(label, { maxLength: 3 }), fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/))
  .map(([labels, top]) => [...labels, top].join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((g) => `[${g.map((n) => n.toString(16)).join(':')}]`);
const token = fc.stringMatching(/^[a-zA-Z0-9\-_.!~*'()]{1,8}$/);

const sipUri: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    user: fc.option(fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }), { nil: undefined }),
    password: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    host: fc.oneof(
      hostname.map((host) => ({ host, hostType: 'hostname' as const })),
      ipv4.map((host) => ({ host, hostType: 'ipv4' as const })),
      ipv6.map((host) => ({ host, hostType: 'ipv6' as const })),
    ),
    port: fc.option(fc.nat(65535), { nil: undefined }),
    params: fc.array(fc.record({ name: token, value: fc.option(token, { nil: null }) }), { maxLength: 3 }),
    headers: fc.array(fc.record({ name: token, value: token }), { maxLength: 2 }),
  })
  .map(({ host, user, password, ...rest }) => {
    const uri: SipUri = { ...rest, ...host };
    if (user !== undefined) {
      uri.user = user;
      if (password !== undefined) uri.password = password;
    }
    if (uri.port === undefined) delete uri.port;
    return uri;
  });

describe('URI grammar fuzzing', () => {
  it('parseSipUri(formatSipUri(x)) gives back x', () => {
    fc.assert(
      fc.property(sipUri, (uri) => {
        const result = parseSipUri(formatSipUri(uri));
        expect(result.ok && result.value).toEqual(uri);
        expect(sipUriEquals(uri, formatSipUri(uri))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('no parser ever throws, on any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string().map((s) => `sip:${s}`),
        ),
        (text) => {
          for (const parse of [parseSipUri, parseNameAddr, parseJid]) {
            const result = parse(text);
            expect(typeof result.ok).toBe('boolean');
            if (!result.ok) expect(result.error.offset).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a parsed URI re-prints to something that parses to the same URI', () => {
    const chars = fc.constantFrom(..."sip:@;=?&%[]:.abAB09-_+$,/!~*'()".split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), (parts) => {
        const first = parseSipUri(`sip:${parts.join('')}`);
        if (!first.ok) return;
        const again = parseSipUri(formatSipUri(first.value));
        expect(again.ok && again.value).toEqual(first.value);
      }),
      { numRuns: 5000 },
    );
  });

  it('escaped octets survive parse and format unchanged', () => {
    const octet = fc.nat(255).map((b) => `%${b.toString(16).padStart(2, '0')}`);
    const piece = fc.oneof(octet, fc.constantFrom('a', 'Z', '9', '-', '&', '+', '$', ',', ';', '?', '/'));
    /** The octets a user part stands for: escapes decoded, other characters as ASCII. */
    const octets = (user: string) =>
      Buffer.from(
        user.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
        'latin1',
      );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const input = `sip:${pieces.join('')}@h`;
        const first = parseSipUri(input);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const printed = formatSipUri(first.value);
        const user = printed.slice(4, printed.lastIndexOf('@'));
        expect(octets(user).equals(octets(pieces.join('')))).toBe(true);
        expect(sipUriEquals(input, printed)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('IPv6 references agree with RFC 3986 (node:net as the oracle), embedded IPv4 included', () => {
    const decOctet = fc.nat(255).map(String);
    const anyOctet = fc.oneof(
      decOctet,
      fc
        .tuple(fc.nat(999), fc.integer({ min: 1, max: 3 }))
        .map(([n, width]) => String(n).padStart(width, '0')),
    );
    const group = fc.nat(0xffff).map((n) => n.toString(16));
    const address = fc
      .tuple(
        fc.array(group, { minLength: 0, maxLength: 8 }),
        fc.nat(8),
        fc.option(
          fc.tuple(anyOctet, anyOctet, anyOctet, anyOctet).map((p) => p.join('.')),
          { nil: undefined },
        ),
      )
      .map(([groups, gap, ipv4]) => {
        const parts = [...groups];
        if (gap < parts.length) parts.splice(gap, 0, '');
        const text = parts
          .join(':')
          .replace(/^:(?!:)/, '::')
          .replace(/(?<!:):$/, '::');
        return ipv4 === undefined ? text : `${text}${text.endsWith(':') || text === '' ? '' : ':'}${ipv4}`;
      });
    const noise = fc.string({
      unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')),
      maxLength: 45,
    });
    fc.assert(
      fc.property(fc.oneof(address, noise), (text) => {
        expect(isIPv6(text), text).toBe(nodeIsIPv6(text));
        expect(parseSipUri(`sip:[${text}]`).ok, text).toBe(nodeIsIPv6(text));
      }),
      { numRuns: 5000 },
    );
  });
});
