import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoSecrets } from '@messagesend/core/testing';
import { type RawUdpPeer, runningPeers, startRawUdpPeer, writeConfigFolder } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const run = (args: string[]): Promise<CliRun> => runCli(args, { cwd: tmpdir(), timeoutMs: 30_000 });

// Terminal control: C0 (ESC, BEL), C1 (CSI U+009B) and bidi overrides.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_REASON = 'Not\u001b[31m Found\u0007\u009b2J\u202eevil';
// Every password configured or written in this file: none may appear in any output.
const SECRETS = ['s3cret-in-uri', 'conf-auth-pw', 'peer-secret-pw', 'xmpp-secret-pw', 'broken-line-pw'];

let peer: RawUdpPeer;
let dir: string;
const captured: Record<string, CliRun> = {};

beforeAll(async () => {
  peer = await startRawUdpPeer({ status: 404, reason: HOSTILE_REASON });
  dir = writeConfigFolder(
    {
      'pjsip.conf': `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[global]\ntype=global\ndefault_outbound_endpoint=out\n\n[out]\ntype=endpoint\noutbound_auth=out-auth\n\n[out-auth]\ntype=auth\nusername=out\npassword=conf-auth-pw\n\n[evil]\ntype=endpoint\naors=evil\n\n[evil]\ntype=aor\ncontact=sip:evil@127.0.0.1:${peer.port}\n`,
      'sip.conf': `[general]\nbindaddr=127.0.0.1\nbindport=0\n\n[authentication]\nauth=out:peer-secret-pw@realm\n\n[peer1]\ntype=peer\nhost=127.0.0.1\nsecret=peer-secret-pw\n`,
      'xmpp.conf': `[acct]\ntype=client\nserverhost=127.0.0.1\nport=9\nusername=a@localhost\nsecret=xmpp-secret-pw\nusetls=no\n`,
    },
    'cli-safety',
  );
});
afterAll(async () => {
  await peer.close();
  // The secrets check over everything every test printed.
  assertNoSecrets(SECRETS, captured);
  expect(runningPeers()).toEqual([]);
});

describe("a remote peer's reason phrase on the operator's terminal", () => {
  it('send --wait prints the 404 without ESC, BEL, CSI or a bidi override (sip: and pjsip:)', async () => {
    for (const destination of [`sip:bob@127.0.0.1:${peer.port}`, 'pjsip:evil']) {
      const result = await run(['send', destination, '--body', 'x', '--wait', '--config-dir', dir]);
      captured[`send --wait ${destination}`] = result;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toMatch(/DELIVERY_REJECTED - 404 Not\ufffd\[31m Found\ufffd\ufffd2J\ufffdevil/);
      expect(result.stdout + result.stderr).not.toMatch(CONTROL);
    }
  });

  it('--json keeps the report as data, with the controls replaced too', async () => {
    const result = await run(['send', 'pjsip:evil', '--body', 'x', '--wait', '--json', '--config-dir', dir]);
    captured['send --wait --json'] = result;
    expect(result.stdout).not.toMatch(CONTROL);
    const line = JSON.parse(result.stdout);
    expect(line).toMatchObject({ status: 'FAILURE', reason: 'DELIVERY_REJECTED' });
    expect(line.detail).toMatch(/^404 Not\ufffd\[31m Found/);
  });

  it('config text with control characters is printed safely (warnings, verify)', async () => {
    const evil = writeConfigFolder(
      { 'pjsip.conf': '[alice]\ntype=endpoint\nx\u001b]0;pwned\u0007=1\n' },
      'cli-safety',
    );
    const result = await run(['send', 'pjsip:alice', '--body', 'x', '--dry-run', '--config-dir', evil]);
    captured['send with a hostile config'] = result;
    expect(result.stdout + result.stderr).not.toMatch(CONTROL);
    const verify = await run(['verify', 'pjsip:alice\u001b[2J', '--config-dir', evil]);
    captured['verify with a hostile destination'] = verify;
    expect(verify.stdout + verify.stderr).not.toMatch(CONTROL);
  });
});

describe('passwords never reach the CLI output', () => {
  const withPassword = () => `pjsip:sip:alice:s3cret-in-uri@127.0.0.1:${peer.port}`;

  it('verify, verify --json and send --dry-run mask a password in the destination', async () => {
    const verify = await run(['verify', withPassword(), '--config-dir', dir]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^valid pjsip:sip:alice:\*\*\*@127\.0\.0\.1/);
    const json = await run(['verify', withPassword(), '--json', '--config-dir', dir]);
    expect(JSON.parse(json.stdout).destination).toMatch(/^pjsip:sip:alice:\*\*\*@/);
    const dry = await run(['send', withPassword(), '--body', 'x', '--dry-run', '--config-dir', dir]);
    expect(dry.code).toBe(0);
    Object.assign(captured, { verify, 'verify --json': json, 'send --dry-run': dry });
    assertNoSecrets(SECRETS, { verify, json, dry });
  });

  it('send --each (table and JSON lines) masks it', async () => {
    const list = join(dir, 'list.txt');
    writeFileSync(
      list,
      `${withPassword()}\nsip:bob:s3cret-in-uri@127.0.0.1:${peer.port}\npjsip:sip:carol:s3cret-in-uri@\n`,
    );
    const table = await run(['send', '--each', list, '--body', 'x', '--wait', '--all', '--config-dir', dir]);
    expect(table.stdout).toMatch(/pjsip:sip:alice:\*\*\*@127\.0\.0\.1/);
    expect(table.stdout).toMatch(/pjsip:sip:carol:\*\*\*@\s+INVALID_URI/);
    const json = await run(['send', '--each', list, '--body', 'x', '--json', '--config-dir', dir]);
    expect(json.stdout.trim().split('\n')).toHaveLength(3 + 1); // a line per row, then the summary
    Object.assign(captured, { 'send --each': table, 'send --each --json': json });
    assertNoSecrets(SECRETS, { table, json });
  });

  it('a .conf syntax error never prints the password on its line', async () => {
    const broken = writeConfigFolder(
      { 'pjsip.conf': '[a]\ntype=auth\npassword broken-line-pw\n' },
      'cli-safety',
    );
    const result = await run(['send', 'pjsip:a', '--body', 'x', '--config-dir', broken]);
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/got "password \*\*\*" \(.*pjsip\.conf:3\)/),
    });
    const auth = writeConfigFolder({ 'sip.conf': '[authentication]\nauth=broken-line-pw\n' }, 'cli-safety');
    // A bad auth= no longer refuses sip.conf: the section is skipped with a warning (masked).
    const sip = await run(['send', 'sip:bob@example.com', '--dry-run', '--body', 'x', '--config-dir', auth]);
    expect(sip.code).toBe(0);
    expect(sip.stderr).toMatch(/\[authentication\]: section skipped: .*got "\*\*\*"/);
    Object.assign(captured, { 'conf syntax error': result, 'sip auth= error': sip });
    assertNoSecrets(SECRETS, { result, sip });
  });
});
