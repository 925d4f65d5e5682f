import { describe, expect, it } from 'vitest';
import { parseAddressMatch } from '../src/identify/address-match.js';
import { parsePjsipConf } from '../src/index.js';

describe('identify match entries (Asterisk forms)', () => {
  it.each([
    ['192.0.2.7', { kind: 'network', family: 'ipv4', address: '192.0.2.7', prefix: 32 }],
    ['192.0.2.0/24', { kind: 'network', family: 'ipv4', address: '192.0.2.0', prefix: 24 }],
    ['192.0.2.0/255.255.255.0', { kind: 'network', family: 'ipv4', address: '192.0.2.0', prefix: 24 }],
    ['192.0.2.7:5061/32', { kind: 'network', family: 'ipv4', address: '192.0.2.7', prefix: 32, port: 5061 }],
    [
      '[2001:db8::1]:5060',
      { kind: 'network', family: 'ipv6', address: '2001:db8::1', prefix: 128, port: 5060 },
    ],
    ['2001:db8::/32', { kind: 'network', family: 'ipv6', address: '2001:db8::', prefix: 32 }],
    ['sip.example.com', { kind: 'host', host: 'sip.example.com' }],
    ['sip.example.com:5070', { kind: 'host', host: 'sip.example.com', port: 5070 }],
  ])('%s', (entry, expected) => expect(parseAddressMatch(entry)).toEqual(expected));

  it.each([
    ['!192.0.2.7', /negated/],
    ['192.0.2.0/255.0.255.0', /mask/],
    ['192.0.2.0/33', /mask/],
    ['192.0.2.7:99999', /port/],
    ['bad host!', /not an IP/],
    ['example.com/24', /not an IP/],
  ])('%s is explained', (entry, message) => expect(parseAddressMatch(entry)).toMatch(message));
});

describe('pjsip.conf identification options', () => {
  it('reads identify_by, endpoint_identifier_order, match and match_header', () => {
    const { config } = parsePjsipConf(`
[global]
type=global
endpoint_identifier_order=username, ip

[gw]
type=endpoint
identify_by=ip,header,ip

[gw-id]
type=identify
endpoint=gw
match=192.0.2.1
match_header=X-Key: /^k$/
`);
    expect(config.global?.endpointIdentifierOrder).toEqual(['username', 'ip']);
    expect(config.endpoints?.gw?.identifyBy).toEqual(['ip', 'header']);
    expect(config.identifies).toEqual([
      { name: 'gw-id', endpoint: 'gw', match: ['192.0.2.1'], matchHeader: 'X-Key: /^k$/' },
    ]);
  });

  it.each([
    [
      '[e]\ntype=endpoint\nidentify_by=username,phone\n',
      /unknown identification method phone.*\(pjsip\.conf:3\)/s,
    ],
    ['[global]\ntype=global\nendpoint_identifier_order=ip,guess\n', /unknown identification method guess/],
    ['[i]\ntype=identify\nendpoint=e\n', /needs match= or match_header=/],
    ['[i]\ntype=identify\nendpoint=e\nmatch_header=NoColon\n', /Header: value/],
  ])('skips %j with a warning naming file and line', (text, message) => {
    const { config, warnings } = parsePjsipConf(text, { file: 'pjsip.conf' });
    expect(config.skipped).toHaveLength(1);
    expect(warnings.find((w) => w.includes('section skipped'))).toMatch(/^pjsip\.conf:1 \[\w+\]: /);
    expect(config.skipped![0]!.reason).toMatch(message);
  });
});
