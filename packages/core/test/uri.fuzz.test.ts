import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSipUri,
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
});
