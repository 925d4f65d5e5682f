import { describe, expect, it } from 'vitest';
import { formatSipUri, getUriParam, ipv6Address, isIPv6, parseSipUri, sipUriEquals } from '../src/index.js';

function ok(text: string) {
  const result = parseSipUri(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message} at ${result.error.offset}`);
  return result.value;
}

describe('parseSipUri: valid URIs (RFC 3261, RFC 4475, RFC 5118)', () => {
  it.each([
    // RFC 4475 §3.1.1.1 (wsinv): an unknown flag parameter
    ['sip:vivekg@chair-dnrc.example.com;unknownparam', { user: 'vivekg', host: 'chair-dnrc.example.com' }],
    // RFC 4475 §3.1.1.2 (intmeth): every legal user and password character
    [
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
      {
        user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
        password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
        host: 'example.com',
      },
    ],
    // RFC 4475 §3.1.1.3 (esc01): escaped ":" and "@" inside the user part
    ['sip:sips%3Auser%40example.com@example.net', { user: 'sips:user@example.com', host: 'example.net' }],
    // RFC 4475 §3.1.1.4 (escnull): an escaped NUL is legal
    ['sip:null-%00-null@example.com', { user: 'null-\u0000-null' }],
    // RFC 4475 §3.1.1.9 (semiuri): ";" and an escaped "@" in the user part
    ['sip:user;par=u%40example.net@example.com', { user: 'user;par=u@example.net', host: 'example.com' }],
    // RFC 4475 §3.1.2.11 (escruri): syntactically valid escaped headers
    [
      'sip:user@example.com?Route=%3Csip:example.com%3E',
      { headers: [{ name: 'Route', value: '%3Csip:example.com%3E' }] },
    ],
    // RFC 4475 §3.1.1.13 (longreq): a port, long parameters
    [
      'sip:user@example.com:6000;unknownparam1=verylargeparametervalue;longparamnamenamename=shortvalue;verylongParameterNameWithNoValue',
      { port: 6000, host: 'example.com' },
    ],
    // RFC 5118 §4.1: IPv6 reference
    ['sip:[2001:db8::10]', { host: '[2001:db8::10]', hostType: 'ipv6' }],
    // RFC 5118 §4.3: the 5070 is part of the address, not a port
    ['sip:[2001:db8::10:5070]', { host: '[2001:db8::10:5070]', port: undefined }],
    // RFC 5118 §4.4: port after the reference
    ['sip:[2001:db8::10]:5070', { host: '[2001:db8::10]', port: 5070 }],
    // RFC 5118 §4.10: IPv4-mapped IPv6
    ['sip:user@[::ffff:192.0.2.10]', { host: '[::ffff:192.0.2.10]', hostType: 'ipv6' }],
    // RFC 5118 §4.11: the RFC 3261 ABNF bug cases must parse
    ['sip:[2001:db8::9:1]', { hostType: 'ipv6' }],
    ['sip:[2001:db8::9:01]', { hostType: 'ipv6' }],
    ['sip:user@[2001:db8:0:0:1:0:192.0.2.1];maddr=[2001:db8::1]', { hostType: 'ipv6' }],
    // RFC 3261 §19.1.1 examples
    ['sip:alice@atlanta.com', { user: 'alice', host: 'atlanta.com', hostType: 'hostname' }],
    ['sip:alice:secretword@atlanta.com;transport=tcp', { password: 'secretword' }],
    ['sips:alice@atlanta.com?subject=project%20x&priority=urgent', { scheme: 'sips' }],
    ['sip:+1-212-555-1212:1234@gateway.com;user=phone', { user: '+1-212-555-1212', password: '1234' }],
    ['sips:1212@gateway.com', { scheme: 'sips', user: '1212' }],
    ['sip:alice@192.0.2.4', { hostType: 'ipv4' }],
    ['sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com', { user: undefined }],
    ['sip:alice;day=tuesday@atlanta.com', { user: 'alice;day=tuesday' }],
    // Case rules and edge forms
    ['SIP:ALICE@ATLANTA.COM', { scheme: 'sip', user: 'ALICE', host: 'ATLANTA.COM' }],
    ['SiPs:x@h', { scheme: 'sips' }],
    ['sip:example.com.', { host: 'example.com.' }],
    ['sip:h:0', { port: 0 }],
    ['sip:h:65535', { port: 65535 }],
    ['sip:u:@h', { user: 'u', password: '' }],
    ['sip:h;lr;maddr=239.255.255.1;ttl=15', { host: 'h' }],
    ['sip:%C3%A9t%C3%A9@h', { user: 'été' }],
  ])('%s', (text, expected) => {
    const uri = ok(text) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) expect(uri[key], key).toEqual(value);
  });
});

describe('parseSipUri: invalid URIs', () => {
  it.each([
    ['', 0],
    ['alice@atlanta.com', 0],
    ['tel:+1-201-555-0123', 0],
    ['isbn:2983792873', 0], // RFC 4475 §3.3.7: unknown scheme is not a SIP URI
    ['sip:', 4],
    ['sip:@h', 4],
    ['sip:user@', 9],
    ['sip:2001:db8::10', 4], // RFC 5118 §4.2: IPv6 without brackets
    ['sip:[2001:db8::10', 4],
    ['sip:[2001:db8:::10]', 5],
    ['sip:[1:2:3:4:5:6:7:8:9]', 5],
    ['sip:[::ffff:192.0.2.300]', 5],
    ['sip:user@example.com; lr', 21], // RFC 4475 §3.1.2.8: whitespace inside the URI
    ['sip:user@example.com ', 20],
    ['<sip:user@example.com>', 0], // RFC 4475 §3.1.2.7: brackets are not part of a URI
    ['sip:h:65536', 6],
    ['sip:h:', 6],
    ['sip:h:5060:5060', 10],
    ['sip:-h.com', 4],
    ['sip:h-.com', 4],
    ['sip:h..com', 4],
    ['sip:example.123', 4],
    ['sip:1.2.3.256', 4],
    ['sip:u%4@h', 5],
    ['sip:u%zz@h', 5],
    ['sip:a b@h', 5],
    ['sip:u@h;', 8],
    ['sip:u@h;p=', 10],
    ['sip:u@h;ttl=256', 12],
    ['sip:u@h;maddr=not_a_host', 14],
    ['sip:u@h?', 8],
    ['sip:u@h?a', 9],
    ['sip:u@h?=b', 8],
    ['sip:u@h@i', 7],
    ['sip:u\r\n@h', 5],
    ['sip:u@h\u0000', 7],
    ['sip:ü@h', 4],
  ])('%j fails at offset %i', (text, offset) => {
    const result = parseSipUri(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.offset).toBe(offset);
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });

  it('never throws on non-strings', () => {
    for (const value of [undefined, null, 1, {}, []]) expect(parseSipUri(value as never).ok).toBe(false);
  });
});

describe('formatSipUri', () => {
  it('re-escapes user and password per RFC 3261', () => {
    const uri = ok('sip:h');
    expect(formatSipUri({ ...uri, user: 'a b"c@d', password: 'p:w' })).toBe('sip:a%20b%22c%40d:p%3Aw@h');
    expect(formatSipUri({ ...uri, user: 'été' })).toBe('sip:%C3%A9t%C3%A9@h');
  });

  it('prints the canonical text of a plain URI unchanged', () => {
    for (const text of [
      'sip:alice@atlanta.com;transport=tcp?x=1&y=2',
      'sips:[2001:db8::1]:5061;lr',
      'sip:+1555@gw;user=phone',
    ]) {
      expect(formatSipUri(ok(text))).toBe(text);
    }
  });

  it('can leave out the password, the port and the parameters', () => {
    const uri = ok('sip:a:pw@h:5070;transport=tcp?s=1');
    expect(formatSipUri(uri, { password: false, port: false, params: false, headers: false })).toBe(
      'sip:a@h',
    );
  });

  it('getUriParam is case-insensitive and tells flags from absence', () => {
    const uri = ok('sip:h;Transport=TCP;lr');
    expect(getUriParam(uri, 'transport')).toBe('TCP');
    expect(getUriParam(uri, 'LR')).toBeNull();
    expect(getUriParam(uri, 'maddr')).toBeUndefined();
  });
});

describe('sipUriEquals (RFC 3261 §19.1.4)', () => {
  it.each([
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    [
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ],
    [
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    ],
  ])('%s equals %s', (a, b) => {
    expect(sipUriEquals(a, b)).toBe(true);
    expect(sipUriEquals(b, a)).toBe(true);
  });

  it.each([
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:a@h', 'sips:a@h'],
    ['sip:a@h', 'not a uri'],
  ])('%s differs from %s', (a, b) => {
    expect(sipUriEquals(a, b)).toBe(false);
  });
});

describe('RFC 5118 §4.10: three-colon IPv6 references', () => {
  it.each([
    ['sip:[2001:db8:::192.0.2.1]', '[2001:db8:::192.0.2.1]', '2001:db8::192.0.2.1'],
    ['sip:alice@[:::192.0.2.1]:5060', '[:::192.0.2.1]', '::192.0.2.1'],
  ])('%s parses, host kept as written, address as the two-colon form', (text, host, address) => {
    const parsed = parseSipUri(text);
    expect(parsed).toMatchObject({ ok: true, value: { host, hostType: 'ipv6' } });
    expect(parsed.ok && ipv6Address(parsed.value.host)).toBe(address);
    expect(isIPv6(address)).toBe(true);
  });

  it('equals the two-colon form (RFC 5118: the same address), and nothing else', () => {
    expect(sipUriEquals('sip:[2001:db8:::192.0.2.1]', 'sip:[2001:db8::192.0.2.1]')).toBe(true);
    expect(sipUriEquals('sip:[2001:db8:::192.0.2.1]', 'sip:[2001:db8::192.0.2.2]')).toBe(false);
  });

  it.each([
    'sip:[2001:db8:::10]',
    'sip:[2001:db8::::192.0.2.1]',
    'sip:[1:2:3:4:5:6:::192.0.2.1]',
    'sip:[2001:db8:::192.0.2]',
    'sip:[2001:db8:::192.0.2.1:::1]',
    'sip:[:::]',
  ])('%s stays invalid', (text) => {
    expect(parseSipUri(text).ok).toBe(false);
  });
});
