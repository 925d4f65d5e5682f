import { describe, expect, it } from 'vitest';
import { contactAtSource, registerAtSource } from '../src/tech-kit/index.js';

describe('contactAtSource (res_pjsip_nat.c rewrite_uri)', () => {
  it('takes the source host and port; UDP drops transport=, TCP/TLS set it; IPv6 is bracketed; other params stay', () => {
    const udp = { protocol: 'udp', address: '203.0.113.7', port: 40001 } as const;
    expect(contactAtSource('sip:alice@10.0.0.5:5060;transport=tcp;ob', udp)).toBe(
      'sip:alice@203.0.113.7:40001;ob',
    );
    expect(contactAtSource('sip:alice@10.0.0.5', { ...udp, protocol: 'tcp' })).toBe(
      'sip:alice@203.0.113.7:40001;transport=tcp',
    );
    expect(
      contactAtSource('sips:alice@10.0.0.5', { protocol: 'tls', address: '::ffff:127.0.0.1', port: 5 }),
    ).toBe('sips:alice@127.0.0.1:5;transport=tls');
    expect(contactAtSource('sip:alice@10.0.0.5', { ...udp, address: '2001:db8::1' })).toBe(
      'sip:alice@[2001:db8::1]:40001',
    );
  });

  it('leaves a URI that is not sip/sips (or does not parse) as it is', () => {
    const udp = { protocol: 'udp', address: '203.0.113.7', port: 1 } as const;
    expect(contactAtSource('tel:+15551234', udp)).toBe('tel:+15551234');
    expect(contactAtSource('sip:@@', udp)).toBe('sip:@@');
  });

  it('registerAtSource rewrites only the first Contact and restores it in the 200', () => {
    const source = { protocol: 'udp', address: '203.0.113.7', port: 40001 } as const;
    const nat = registerAtSource(
      {
        aor: 'sip:a@x',
        callId: 'c',
        cseq: 1,
        contacts: [{ uri: 'sip:a@10.0.0.5' }, { uri: 'sip:a@10.0.0.6' }],
      },
      source,
    );
    expect(nat.parsed.contacts).toEqual([{ uri: 'sip:a@203.0.113.7:40001' }, { uri: 'sip:a@10.0.0.6' }]);
    expect(
      nat.restore({
        status: 200,
        headers: [{ name: 'Contact', value: '<sip:a@203.0.113.7:40001>;expires=60' }],
      }),
    ).toEqual({ status: 200, headers: [{ name: 'Contact', value: '<sip:a@10.0.0.5>;expires=60' }] });
    const star = registerAtSource({ aor: 'sip:a@x', callId: 'c', cseq: 1, contacts: '*' }, source);
    expect(star.parsed.contacts).toBe('*');
  });
});
