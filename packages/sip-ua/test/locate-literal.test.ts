import { parseSipUri, type SipUri } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import { locate, uriTransport } from '../src/index.js';
import { locateLiteral } from '../src/mechanics/dns/locate.js';
import { memoByDestination } from '../src/tech-kit/index.js';

const uri = (text: string): SipUri => {
  const parsed = parseSipUri(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};

/** A resolver that fails the test if location asks it anything. */
const noDns = {
  resolveNaptr: () => Promise.reject(new Error('asked NAPTR')),
  resolveSrv: () => Promise.reject(new Error('asked SRV')),
  resolve4: () => Promise.reject(new Error('asked A')),
  resolve6: () => Promise.reject(new Error('asked AAAA')),
};

describe('location of a parsed URI', () => {
  it('an IP literal is located at once, without DNS, as the string form is', async () => {
    const protocols = ['udp', 'tcp'] as const;
    for (const text of [
      'sip:bob@127.0.0.1:5070',
      'sip:[2001:db8::1];transport=tcp',
      'sip:10.0.0.1;maddr=10.0.0.2',
    ]) {
      const atOnce = locateLiteral(uri(text), [...protocols]);
      expect(atOnce).toMatchObject({ ok: true });
      expect(await locate(uri(text), { protocols: [...protocols], resolver: noDns })).toEqual(atOnce);
      expect(await locate(text, { protocols: [...protocols], resolver: noDns })).toEqual(atOnce);
    }
    expect(locateLiteral(uri('sip:10.0.0.1;maddr=10.0.0.2'), ['udp'])).toEqual({
      ok: true,
      targets: [{ protocol: 'udp', address: '10.0.0.2', port: 5060 }],
    });
  });

  it('a name needs DNS (undefined at once); a transport nobody has is refused at once', () => {
    expect(locateLiteral(uri('sip:bob@example.test'), ['udp'])).toBeUndefined();
    expect(locateLiteral(uri('sips:bob@10.0.0.1'), ['udp', 'tcp'])).toMatchObject({
      ok: false,
      reason: 'no-transport',
    });
  });

  it('uriTransport: sips: is TLS, else the transport= parameter (any case), else no choice', () => {
    expect(uriTransport(uri('sips:bob@example.test'))).toBe('tls');
    expect(uriTransport(uri('sip:bob@example.test;transport=TCP'))).toBe('tcp');
    expect(uriTransport(uri('sip:bob@example.test;transport=sctp'))).toBeUndefined();
    expect(uriTransport(uri('sip:bob@example.test'))).toBeUndefined();
  });
});

describe('memoByDestination', () => {
  it('parses a destination once, keeps at most the limit, and forgets the oldest first', () => {
    const seen: string[] = [];
    const parse = memoByDestination(2, (d: string) => {
      seen.push(d);
      return { d };
    });
    const a = parse('a');
    expect(parse('a')).toBe(a);
    parse('b');
    parse('c'); // evicts a
    parse('b');
    parse('a');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe("RFC 5118 §4.10: the three-colon IPv6 reference RFC 3261's ABNF allows", () => {
  it.each([
    ['sip:[2001:db8:::192.0.2.1]', 'sip:[2001:db8::192.0.2.1]', '2001:db8::192.0.2.1'],
    ['sip:bob@[:::0.0.0.1]:5070', 'sip:bob@[::0.0.0.1]:5070', '::0.0.0.1'],
    ['sip:h;maddr=[2001:db8:::192.0.2.1]', 'sip:h;maddr=[2001:db8::192.0.2.1]', '2001:db8::192.0.2.1'],
  ])('%s is located, without DNS, at the address of %s', async (three, two, address) => {
    const located = locateLiteral(uri(three), ['udp']);
    expect(located).toEqual(locateLiteral(uri(two), ['udp']));
    expect(located).toMatchObject({ ok: true, targets: [{ address }] });
    expect(await locate(three, { protocols: ['udp'], resolver: noDns })).toEqual(located);
  });
});
