import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePjsipConf, pjsip } from '../src/index.js';

const TRANSPORT = '[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n';

// A trunk and a phone, as in Asterisk's pjsip_wizard.conf sample (written for these tests).
const WIZARD = `
[trunk-defaults](!)
type = wizard
transport = udp
endpoint/context = from-provider
endpoint/allow = ulaw

[mytrunk](trunk-defaults)
sends_auth = yes
sends_registrations = yes
remote_hosts = sip1.example.net:5060, sip2.example.net
outbound_auth/username = acct42
outbound_auth/password = trunk-pw
registration/expiration = 300
registration/retry_interval = 30

[phone](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
aor/max_contacts = 1

[1101](phone)
inbound_auth/username = 1101
inbound_auth/password = alice-pw
endpoint/callerid = "Alice" <1101>

[carrier]
type = wizard
remote_hosts = 192.0.2.7
sends_registrations = yes
sends_line_with_registrations = yes
contact_pattern = sip:\${REMOTE_HOST}:5080
`;

const parse = () =>
  parsePjsipConf(TRANSPORT, { file: 'pjsip.conf', wizard: { text: WIZARD, file: 'pjsip_wizard.conf' } });

describe('pjsip_wizard.conf, expanded as res_pjsip_config_wizard does', () => {
  it('a trunk: endpoint, aor with a contact per remote host, outbound auth, identify, one registration per host', () => {
    const { config } = parse();
    expect(config.endpoints?.mytrunk).toEqual({
      context: 'from-provider',
      aors: ['mytrunk'],
      transport: 'udp',
      outboundAuth: ['mytrunk-oauth'],
    });
    expect(config.aors?.mytrunk).toEqual({ contacts: ['sip:sip1.example.net:5060', 'sip:sip2.example.net'] });
    expect(config.auths?.['mytrunk-oauth']).toEqual({ username: 'acct42', password: 'trunk-pw' });
    expect(config.identifies).toContainEqual({
      name: 'mytrunk-identify',
      endpoint: 'mytrunk',
      match: ['sip1.example.net:5060', 'sip2.example.net'],
    });
    expect(config.registrations?.['mytrunk-reg-0']).toMatchObject({
      serverUri: 'sip:sip1.example.net:5060',
      clientUri: 'sip:acct42@sip1.example.net:5060',
      outboundAuth: ['mytrunk-oauth'],
      transport: 'udp',
      expiration: 300,
      retryInterval: 30,
      line: false,
    });
    expect(config.registrations?.['mytrunk-reg-1']).toMatchObject({
      serverUri: 'sip:sip2.example.net',
      clientUri: 'sip:acct42@sip2.example.net',
    });
  });

  it('a phone: inbound auth, an AOR taking registrations, no identify (accepts_registrations)', () => {
    const { config } = parse();
    expect(config.endpoints?.['1101']).toEqual({
      callerId: '"Alice" <1101>',
      aors: ['1101'],
      auth: ['1101-iauth'],
    });
    expect(config.auths?.['1101-iauth']).toEqual({ username: '1101', password: 'alice-pw' });
    expect(config.aors?.['1101']).toEqual({ maxContacts: 1 });
    expect(config.identifies?.map((i) => i.name)).not.toContain('1101-identify');
    expect(config.registrations?.['1101-reg-0']).toBeUndefined();
  });

  it('sends_line_with_registrations: line and endpoint on the registration, no identify; USERNAME is the id without sends_auth', () => {
    const { config } = parse();
    expect(config.registrations?.['carrier-reg-0']).toMatchObject({
      serverUri: 'sip:192.0.2.7',
      clientUri: 'sip:carrier@192.0.2.7',
      line: true,
      endpoint: 'carrier',
    });
    expect(config.aors?.carrier).toEqual({ contacts: ['sip:192.0.2.7:5080'] });
    expect(config.identifies?.map((i) => i.name)).not.toContain('carrier-identify');
  });

  it('warnings name the wizard file and line; the wizard passwords never appear in them', () => {
    const { warnings } = parsePjsipConf(TRANSPORT, {
      file: 'pjsip.conf',
      wizard: {
        text: `${WIZARD}\n[broken]\ntype=wizard\nsends_auth=yes\noutbound_auth/password=hidden-pw\nendpoint/frob=1\n`,
        file: 'pjsip_wizard.conf',
      },
    });
    expect(warnings).toContainEqual(
      expect.stringMatching(/^pjsip_wizard\.conf:\d+ \[broken\]: wizard must have outbound_auth\/username/),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/^pjsip_wizard\.conf:\d+ \[broken\]: unknown endpoint option "frob"/),
    );
    // The auth without username fails to apply and is skipped, as sorcery would.
    expect(warnings).toContainEqual(expect.stringMatching(/\[broken-oauth\]: type=auth section skipped/));
    expect(warnings.join('\n')).not.toMatch(/hidden-pw|trunk-pw|alice-pw/);
  });

  it('is read from the folder of pjsip.conf, as Asterisk does, and drives the technology', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messagesend-wizard-'));
    try {
      writeFileSync(join(dir, 'pjsip.conf'), TRANSPORT);
      writeFileSync(join(dir, 'pjsip_wizard.conf'), WIZARD);
      const tech = pjsip({ config: TRANSPORT, configFile: join(dir, 'pjsip.conf') });
      expect(tech.explain('pjsip:carrier')).toMatchObject({
        ok: true,
        endpoint: 'carrier',
        requestUri: 'sip:192.0.2.7:5080',
      });
      expect(tech.outboundRegistrations().map((r) => r.name)).toEqual([
        'mytrunk-reg-0',
        'mytrunk-reg-1',
        'carrier-reg-0',
      ]);
      await tech.close?.();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
