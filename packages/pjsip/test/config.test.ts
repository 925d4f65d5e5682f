import { describe, expect, it } from 'vitest';
import { parsePjsipConf, pjsip } from '../src/index.js';
import { TESTSUITE_CONF } from './helpers.js';

describe('parsePjsipConf', () => {
  it('reads every section type; an endpoint and an AOR share a name; templates apply', () => {
    const { config, warnings } = parsePjsipConf(TESTSUITE_CONF);
    // Only the security warnings: none of these endpoints has auth= (see security-warnings.test.ts).
    expect(warnings.filter((w) => !w.includes('has no auth='))).toEqual([]);
    expect(config.global).toEqual({ defaultOutboundEndpoint: 'default_endpoint' });
    expect(config.transports).toEqual({ 'transport-udp': { protocol: 'udp', bind: '127.0.0.1:5060' } });
    expect(config.endpoints?.sipp).toEqual({ aors: ['sipp'] });
    expect(config.aors?.sipp).toEqual({ contacts: ['sip:127.0.0.2'] });
    expect(config.endpoints?.trunk).toEqual({
      aors: ['trunk'],
      fromUser: '4000',
      fromDomain: 'pbx.example.com',
      userEqPhone: true,
      outboundProxy: 'sip:proxy.example.com',
    });
    expect(config.endpoints?.phone).toBeUndefined();
  });

  it('reads auth, identify and AOR limits, contacts given repeatedly or comma-separated', () => {
    const { config } = parsePjsipConf(`
[a]
type=aor
contact=sip:one@h, sip:two@h
contact=sip:three@h
max_contacts=2
remove_existing=yes
default_expiration=120
minimum_expiration=30
maximum_expiration=600

[a-auth]
type=auth
auth_type=userpass
username=a
password=secret
realm=example.com
supported_algorithms_uas=sha-256,md5

[a-ip]
type=identify
endpoint=a
match=192.0.2.0/24, 198.51.100.7
`);
    expect(config.aors?.a).toEqual({
      contacts: ['sip:one@h', 'sip:two@h', 'sip:three@h'],
      maxContacts: 2,
      removeExisting: true,
      defaultExpiration: 120,
      minimumExpiration: 30,
      maximumExpiration: 600,
    });
    expect(config.auths?.['a-auth']).toEqual({
      username: 'a',
      password: 'secret',
      realm: 'example.com',
      supportedAlgorithmsUas: ['SHA-256', 'MD5'],
    });
    expect(config.identifies).toEqual([
      { name: 'a-ip', endpoint: 'a', match: ['192.0.2.0/24', '198.51.100.7'] },
    ]);
  });

  it('keeps unknown options and sections as warnings with file and line; media options are accepted quietly', () => {
    const { warnings } = parsePjsipConf(
      '[e]\ntype=endpoint\nallow=ulaw\nfrobnicate=yes\n[x]\ntype=registration\n[y]\nfoo=bar\n',
      { file: 'pjsip.conf' },
    );
    expect(warnings.filter((w) => !w.includes('has no auth='))).toEqual([
      'pjsip.conf:4 [e]: unknown endpoint option "frobnicate" kept and ignored',
      expect.stringMatching(
        /^pjsip\.conf:5 \[x\]: type=registration section skipped: \[x\] server_uri: a registration needs server_uri= \(pjsip\.conf:5\)$/,
      ),
      'pjsip.conf:7 [y]: section has no type=; ignored',
    ]);
  });

  it.each([
    ['[g]\ntype=global\nmax_forwards=many\n', 'pjsip.conf:3', /max_forwards/],
    ['[e]\ntype=endpoint\nuser_eq_phone=maybe\n', 'pjsip.conf:3', /yes or no/],
    ['[a]\ntype=auth\npassword=x\n', 'pjsip.conf:1', /username/],
    ['[i]\ntype=identify\nmatch=1.2.3.4\n', 'pjsip.conf:1', /endpoint/],
  ])('%j is skipped with a warning naming section and line; the rest loads', (text, where, message) => {
    const { config, warnings } = parsePjsipConf(`${text}[ok]\ntype=endpoint\n`, { file: 'pjsip.conf' });
    const skipped = warnings.find((w) => w.includes('section skipped'));
    expect(skipped).toContain(where);
    expect(skipped).toMatch(message);
    expect(config.skipped).toHaveLength(1);
    expect(config.skipped![0]!.reason).toMatch(message);
    expect(config.endpoints!.ok).toEqual({});
  });

  it('a transport that fails to apply still refuses the file: skipping it would bind 0.0.0.0:5060', () => {
    expect(() => parsePjsipConf('[t]\ntype=transport\nprotocol=ws\n', { file: 'pjsip.conf' })).toThrow(
      expect.objectContaining({
        code: 'ERR_MSG_PJSIP_CONFIG',
        message: expect.stringMatching(/protocol.*pjsip\.conf:3/),
      }),
    );
  });

  it('the technology takes text or the typed object and exposes the warnings', () => {
    const fromText = pjsip({ config: '[e]\ntype=endpoint\nodd=1\n' });
    expect(fromText.warnings).toEqual([
      expect.stringMatching(/unknown endpoint option "odd"/),
      expect.stringMatching(/\[e\]: endpoint "e" has no auth=/),
    ]);
    const fromObject = pjsip({ config: { endpoints: { e: {} } } });
    expect(fromObject.parse('pjsip:e').ok).toBe(true);
  });

  it('a TLS transport whose certificate file is missing is a coded config error naming it', () => {
    expect(() =>
      pjsip({ config: '[tls]\ntype=transport\nprotocol=tls\ncert_file=/nonexistent/cert.pem\n' }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_MSG_PJSIP_CONFIG',
        message: expect.stringContaining('[tls] cert_file: cannot read /nonexistent/cert.pem'),
      }),
    );
  });
});
