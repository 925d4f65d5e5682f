import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoSecrets } from '@messagesend/core/testing';
import {
  runningPeers,
  type SippPeer,
  startProsody,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

/** Everything every command printed, for the secrets check at the end. */
const outputs: { args: string[]; stdout: string; stderr: string }[] = [];

async function run(args: string[], options: { input?: string; cwd?: string } = {}): Promise<CliRun> {
  const result = await runCli(args, {
    cwd: options.cwd ?? tmpdir(),
    timeoutMs: 30_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  outputs.push({ args, stdout: result.stdout, stderr: result.stderr });
  return result;
}

let accepting: SippPeer;
let refusing: SippPeer;
let dir: string;
let stopProsody: () => Promise<void>;

beforeAll(async () => {
  accepting = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  refusing = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 404, reason: 'Not Found' }] }]),
  });
  const prosody = await startProsody({
    users: [
      { name: 'alice', password: 'alice-pw' },
      { name: 'bob', password: 'bob-pw' },
    ],
  });
  stopProsody = () => prosody.stop();
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[alice]\ntype=endpoint\naors=alice\n\n[alice]\ntype=aor\ncontact=sip:alice@127.0.0.1:${accepting.port}\n\n[ghost]\ntype=endpoint\naors=ghost\n\n[ghost]\ntype=aor\ncontact=sip:ghost@127.0.0.1:${refusing.port}\n`,
  );
  writeFileSync(
    join(dir, 'xmpp.conf'),
    `[alice]\ntype=client\nserverhost=127.0.0.1\nport=${prosody.port}\nusername=alice@localhost\nsecret=alice-pw\nusetls=no\n`,
  );
});
afterAll(async () => {
  await Promise.all([accepting.stop(), refusing.stop(), stopProsody()]);
  expect(runningPeers()).toEqual([]);
  // The XMPP passwords are in xmpp.conf and Prosody: no command may print them.
  expect(outputs.length).toBeGreaterThan(10);
  assertNoSecrets(['alice-pw', 'bob-pw'], { outputs });
});

describe('messagesend send', () => {
  it('sends through pjsip: to SIPp and waits for the 202 (exit 0)', async () => {
    const result = await run([
      'send',
      'pjsip:alice',
      '--body',
      'hello ✓',
      '--data',
      'X-A=1',
      '--wait',
      '--config-dir',
      dir,
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^SUCCESS pjsip:alice \(pjsip\)/);
    expect(result.stdout).toMatch(/delivery: delivered \(202 Accepted\)/);
    const requests = await accepting.waitForRequests(1);
    expect(requests.at(-1)!.body).toBe('hello ✓');
  });

  it('reads the body from standard input and prints JSON', async () => {
    const result = await run(['send', 'pjsip:alice', '--json', '--config-dir', dir], {
      input: 'from stdin\n',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      destination: 'pjsip:alice',
      status: 'SUCCESS',
      tech: 'pjsip',
      warnings: [],
    });
  });

  it('a 404 with --wait is exit 1 and says why', async () => {
    const result = await run(['send', 'pjsip:ghost', '--body', 'x', '--wait', '--config-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILURE pjsip:ghost/);
    expect(result.stdout).toMatch(/DELIVERY_REJECTED/);
  });

  it('a dry run prints the wire text and sends nothing', async () => {
    const before = accepting.requests().length;
    const result = await run([
      'send',
      'pjsip:alice',
      '--body',
      'dry',
      '--dry-run',
      '--from',
      'sip:bob@example.com',
      '--config-dir',
      dir,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`MESSAGE sip:alice@127\\.0\\.0\\.1:${accepting.port} SIP/2\\.0\nVia: SIP/2\\.0/UDP`),
    );
    expect(result.stdout).toMatch(/From: <sip:bob@example\.com>;tag=/);
    expect(accepting.requests().length).toBe(before);
  });

  it('sends xmpp: through Prosody', async () => {
    const result = await run([
      'send',
      'xmpp:bob@localhost',
      '--from',
      'xmpp:alice',
      '--body',
      'over xmpp',
      '--wait',
      '--config-dir',
      dir,
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/delivery: delivered \(XMPP_ACK/);
  });

  it('exit codes follow the status, with a hint for a technology that is not configured', async () => {
    const protocol = await run(['send', 'sip:bob@example.com', '--body', 'x', '--config-dir', dir]);
    expect(protocol.code).toBe(3);
    expect(protocol.stdout).toMatch(/hint: no sip\.conf in/);
    const uri = await run(['send', 'pjsip:sip:bob@', '--body', 'x', '--config-dir', dir]);
    expect(uri.code).toBe(4);
    expect(uri.stdout).toMatch(/INVALID_URI/);
    const unknown = await run(['send', 'fax:123', '--body', 'x', '--config-dir', dir]);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/hint: no technology "fax"/);
    const failure = await run(['send', 'xmpp:bob@localhost', '--body', 'x', '--config-dir', dir]);
    expect(failure.code).toBe(1);
    expect(failure.stdout).toMatch(/XMPP_FROM_REQUIRED/);
  });

  it('bulk: one send per line with a summary, exit 1 when any failed; JSON lines with --json', async () => {
    const list = join(dir, 'list.txt');
    writeFileSync(
      list,
      '# destinations\npjsip:alice\n\npjsip:nobody/sip:x@127.0.0.1:9\npjsip:sip:bob@\nfax:1\n',
    );
    // The summary lists the failures; --all lists every row.
    const result = await run(['send', '--each', list, '--body', 'bulk', '--all', '--config-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/pjsip:alice\s+SUCCESS/);
    expect(result.stdout).toMatch(/pjsip:nobody\/sip:x@127\.0\.0\.1:9\s+FAILURE\s+PJSIP_UNKNOWN_ENDPOINT/);
    expect(result.stdout).toMatch(/pjsip:sip:bob@\s+INVALID_URI/);
    expect(result.stdout).toMatch(/1 succeeded, 3 failed/);
    const json = await run(['send', '--each', list, '--body', 'bulk', '--json', '--config-dir', dir]);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1).summary).toMatchObject({ total: 4, succeeded: 1, failed: 3 });
    expect(
      lines
        .slice(0, -1)
        .map((line) => line.status)
        .sort(),
    ).toEqual(['FAILURE', 'INVALID_PROTOCOL', 'INVALID_URI', 'SUCCESS']);
  });

  it('bad option values and unreadable configs are exit 2 with a clear message', async () => {
    expect(
      await run(['send', 'pjsip:alice', '--body', 'x', '--timeout', 'soon', '--config-dir', dir]),
    ).toMatchObject({ code: 2, stderr: expect.stringMatching(/--timeout takes seconds/) });
    expect(
      await run(['send', 'pjsip:alice', '--body', 'x', '--data', 'novalue', '--config-dir', dir]),
    ).toMatchObject({ code: 2, stderr: expect.stringMatching(/--data takes Name=Value/) });
    expect(await run(['send', '--body', 'x'])).toMatchObject({ code: 2 });
    expect(await run(['send', 'pjsip:alice', '--bogus'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/bogus/),
    });
    const broken = mkdtempSync(join(tmpdir(), 'messagesend-cli-'));
    writeFileSync(join(broken, 'pjsip.conf'), '[a]\ntype=endpoint\nthis line is broken\n');
    expect(await run(['send', 'pjsip:a', '--body', 'x', '--config-dir', broken])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/pjsip\.conf:3/),
    });
  });
});

describe('messagesend verify, demo and help', () => {
  it('verify explains the form, endpoint, Request-URI, From and To without sending', async () => {
    const before = accepting.requests().length;
    const result = await run([
      'verify',
      'pjsip:alice',
      '--to',
      'sip:ralph@somewhere.com',
      '--config-dir',
      dir,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^valid pjsip:alice/);
    expect(result.stdout).toMatch(/form\s+endpoint/);
    expect(result.stdout).toMatch(new RegExp(`requestUri\\s+sip:alice@127\\.0\\.0\\.1:${accepting.port}`));
    expect(result.stdout).toMatch(/to\s+<sip:ralph@somewhere\.com>/);
    expect(accepting.requests().length).toBe(before);
    const json = JSON.parse(
      (await run(['verify', 'xmpp:bob@localhost', '--from', 'xmpp:alice', '--json', '--config-dir', dir]))
        .stdout,
    );
    expect(json).toMatchObject({
      status: 'SUCCESS',
      tech: 'xmpp',
      stanza: expect.stringMatching(/^<message type="chat" to="bob@localhost"/),
    });
    expect((await run(['verify', 'pjsip:sip:bob@', '--config-dir', dir])).code).toBe(4);
  });

  it('demo runs the embedded default and exits 0', async () => {
    const result = await run(['demo']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/router\.send\('pjsip:demo-peer'\) -> SUCCESS/);
    expect(result.stdout).toMatch(/router\.send\('sip:peer@127\.0\.0\.1:\d+'\) -> SUCCESS/);
    expect(result.stdout.match(/delivery: delivered/g)).toHaveLength(2);
  });

  it('every command has --help; no command prints usage with exit 2', async () => {
    for (const command of ['send', 'verify', 'demo']) {
      const result = await run([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: messagesend /);
    }
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
