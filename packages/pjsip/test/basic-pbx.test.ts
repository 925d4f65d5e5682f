import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PjsipReason, parsePjsipConf, pjsip } from '../src/index.js';

const FILE = new URL('./fixtures/basic-pbx-pjsip.conf', import.meta.url).pathname;
const TEXT = readFileSync(FILE, 'utf8');

describe('a pjsip.conf shaped like Asterisk basic-pbx', () => {
  it('loads: the placeholder auth is skipped with a warning naming file and line, the rest is kept', () => {
    const { config, warnings } = parsePjsipConf(TEXT, { file: 'pjsip.conf' });
    expect(config.skipped).toEqual([
      expect.objectContaining({
        type: 'auth',
        name: 'dcs-trunk-auth',
        place: 'pjsip.conf:24 [dcs-trunk-auth]',
      }),
    ]);
    expect(warnings).toContainEqual(
      expect.stringMatching(/^pjsip\.conf:24 \[dcs-trunk-auth\]: type=auth section skipped: .*username/),
    );
    expect(warnings.join('\n')).not.toContain('CHANGE_ME\n');
    expect(Object.keys(config.endpoints ?? {}).sort()).toEqual(['1101', '1102', 'dcs-endpoint']);
    expect(config.auths?.['1101']).toMatchObject({ username: '1101', password: 'alice-pw' });
    expect(config.aors?.['1102']).toMatchObject({ maxContacts: 1 });
    expect(config.registrations?.['dcs-trunk']).toMatchObject({
      serverUri: 'sip:sip.example.net',
      clientUri: 'sip:CHANGE_ME@sip.example.net',
      outboundAuth: ['dcs-trunk-auth'],
      expiration: 120,
      retryInterval: 60,
      maxRetries: 10,
      authRejectionPermanent: true,
      line: true,
      endpoint: 'dcs-endpoint',
    });
    expect(config.identifies).toHaveLength(1);
  });

  it('a send through the trunk reports the skipped auth with a stable code; the phones still work', async () => {
    const tech = pjsip({ config: TEXT, configFile: 'pjsip.conf' });
    const trunk = tech.explain('pjsip:dcs-endpoint');
    expect(trunk).toMatchObject({ ok: false, reason: PjsipReason.SkippedSection });
    expect((trunk as { detail: string }).detail).toMatch(/auth 'dcs-trunk-auth'.*skipped.*pjsip\.conf:24/);
    expect(tech.explain('pjsip:1101/sip:1101@127.0.0.1:5099')).toMatchObject({ ok: true, endpoint: '1101' });
    expect(tech.warnings).toContainEqual(
      "registration dcs-trunk: outbound_auth 'dcs-trunk-auth' was skipped at load; its challenges will be rejected",
    );
    expect(tech.outboundRegistrations()).toEqual([
      expect.objectContaining({ name: 'dcs-trunk', state: { status: 'stopped' } }),
    ]);
    await tech.close?.();
  });
});
