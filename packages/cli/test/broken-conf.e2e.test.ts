import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const run = (args: string[]) => runCli(args, { cwd: tmpdir(), timeoutMs: 30_000 });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'messagesend-broken-'));
  // A syntax error refuses sip.conf as a whole (as Asterisk's config loader does).
  writeFileSync(join(dir, 'sip.conf'), '[general]\nthis line has no equals sign\nsecret=s3cret\n');
  writeFileSync(
    join(dir, 'pjsip.conf'),
    [
      '[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n',
      '[placeholder-auth]\ntype=auth\npassword=CHANGE_ME\n',
      '[trunk]\ntype=registration\nserver_uri=sip:192.0.2.1\nclient_uri=sip:me@192.0.2.1\noutbound_auth=placeholder-auth\n',
      '[trunk]\ntype=endpoint\noutbound_auth=placeholder-auth\n',
      '[alice]\ntype=endpoint\n',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'pjsip_wizard.conf'),
    '[wiz]\ntype=wizard\nremote_hosts=192.0.2.9\nsends_auth=yes\nsends_registrations=yes\noutbound_auth/username=u\noutbound_auth/password=wiz-s3cret\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a config folder with a broken sip.conf and a pjsip.conf holding a placeholder', () => {
  it('pjsip: still works; the sip.conf problem and the skipped section are warnings', async () => {
    const result = await run(['verify', 'pjsip:alice/sip:bob@127.0.0.1:5099', '--config-dir', dir, '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const facts = JSON.parse(result.stdout);
    expect(facts).toMatchObject({ status: 'SUCCESS', tech: 'pjsip', endpoint: 'alice' });
    expect(facts.registrations).toEqual([
      'trunk: sip:me@192.0.2.1 at sip:192.0.2.1 (stopped)',
      'wiz-reg-0: sip:u@192.0.2.9 at sip:192.0.2.9 (stopped)',
    ]);
    expect(result.stderr + result.stdout).not.toContain('s3cret');
  });

  it('send: the pjsip: dry run goes out; the sip.conf problem and the skipped section are warnings', async () => {
    const result = await run([
      'send',
      'pjsip:alice/sip:bob@127.0.0.1:5099',
      '--dry-run',
      '--body',
      'x',
      '--config-dir',
      dir,
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stderr).toMatch(/warning: .*sip\.conf could not be loaded: .*sip\.conf:2/);
    expect(result.stderr).toMatch(
      /warning: .*pjsip\.conf:\d+ \[placeholder-auth\]: type=auth section skipped/,
    );
    expect(result.stderr + result.stdout).not.toContain('s3cret');
  });

  it('the wizard password is masked even where a destination repeats it', async () => {
    const result = await run(['verify', 'pjsip:wiz/sip:bob@192.0.2.9;x=wiz-s3cret', '--config-dir', dir]);
    expect(result.stdout + result.stderr).toMatch(/\*\*\*/);
    expect(result.stdout + result.stderr).not.toContain('wiz-s3cret');
  });

  it('a send that needs the skipped auth fails with PJSIP_CONFIG_SECTION_SKIPPED', async () => {
    const result = await run(['verify', 'pjsip:trunk/sip:bob@192.0.2.1', '--config-dir', dir, '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'FAILURE',
      reason: 'PJSIP_CONFIG_SECTION_SKIPPED',
    });
    expect(result.code).not.toBe(0);
  });

  it('sip: is refused with the load error (exit 2), as before', async () => {
    const result = await run(['verify', 'sip:bob@127.0.0.1', '--config-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sip\.conf:2/);
    expect(result.stderr + result.stdout).not.toContain('s3cret');
  });
});
