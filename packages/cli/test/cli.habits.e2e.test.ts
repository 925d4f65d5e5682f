import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The CLI's everyday habits, through the real binary: which config folder wins, what -v says, the
// "did you mean" hints, and the exit code of a config folder that does not exist.

const pjsipConf = (endpoint: string, extra = '') =>
  `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[${endpoint}]\ntype=endpoint\naors=${endpoint}\n${extra}\n[${endpoint}]\ntype=aor\ncontact=sip:${endpoint}@127.0.0.1:5060\n`;

let root: string;
let cwdFolder: string;
let envFolder: string;
let emptyFolder: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'messagesend-cli-habits-'));
  cwdFolder = join(root, 'cwd');
  envFolder = join(root, 'env');
  emptyFolder = join(root, 'empty');
  for (const dir of [cwdFolder, envFolder, emptyFolder]) mkdirSync(dir);
  writeFileSync(join(cwdFolder, 'pjsip.conf'), pjsipConf('cwdonly'));
  writeFileSync(
    join(envFolder, 'pjsip.conf'),
    pjsipConf(
      'envonly',
      'auth=envonly-auth\n\n[envonly-auth]\ntype=auth\nusername=envonly\npassword=hunter2-secret\n',
    ),
  );
});

describe('config discovery: one folder wins as a whole', () => {
  it('MESSAGESEND_CONFIG_DIR beats a pjsip.conf in the current folder, and files are not mixed', async () => {
    const env = { MESSAGESEND_CONFIG_DIR: envFolder };
    const ok = await runCli(['verify', 'pjsip:envonly', '-v'], { cwd: cwdFolder, env });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(`config: ${envFolder} (MESSAGESEND_CONFIG_DIR)`);
    expect(ok.stderr).toContain(`config: read ${join(envFolder, 'pjsip.conf')}`);
    const mixed = await runCli(['verify', 'pjsip:cwdonly'], { cwd: cwdFolder, env });
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toContain('PJSIP_NO_DEFAULT_ENDPOINT');
  });

  it('--config-dir beats the environment', async () => {
    const run = await runCli(['verify', 'pjsip:cwdonly', '-v', '--config-dir', cwdFolder], {
      env: { MESSAGESEND_CONFIG_DIR: envFolder },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`config: ${cwdFolder} (--config-dir)`);
  });

  it('the current folder is used when it holds a .conf file', async () => {
    const run = await runCli(['verify', 'pjsip:cwdonly', '-v'], {
      cwd: cwdFolder,
      env: { MESSAGESEND_CONFIG_DIR: undefined },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`config: ${cwdFolder} (current folder)`);
  });

  it('a --config-dir or MESSAGESEND_CONFIG_DIR that does not exist is a configuration error: exit 2', async () => {
    const missing = join(root, 'no-such-folder');
    const flag = await runCli(['send', 'pjsip:alice', '--body', 'x', '--config-dir', missing]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(`--config-dir ${missing} does not exist`);
    const env = await runCli(['verify', 'pjsip:alice'], { env: { MESSAGESEND_CONFIG_DIR: missing } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain(`MESSAGESEND_CONFIG_DIR ${missing} does not exist`);
  });

  it('-v never prints a password of the files it read', async () => {
    const run = await runCli([
      'send',
      'pjsip:envonly',
      '--body',
      'x',
      '--dry-run',
      '-v',
      '--config-dir',
      envFolder,
    ]);
    expect(run.code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('hunter2-secret');
  });
});

describe('-v logs each send', () => {
  it('a debug line for the DNS answer and one for the send, with its outcome', async () => {
    // cwdonly's contact is 127.0.0.1:5060, where nobody answers in this test: a 1 s timeout.
    const run = await runCli([
      'send',
      'pjsip:cwdonly',
      '--body',
      'x',
      '-v',
      '--timeout',
      '1',
      '--config-dir',
      cwdFolder,
    ]);
    expect(run.stderr).toMatch(
      /^debug: sip location \{"method":"MESSAGE","hop":"sip:cwdonly@127\.0\.0\.1:5060","targets":\["udp:127\.0\.0\.1:5060"\]\}$/m,
    );
    expect(run.stderr).toMatch(
      /^debug: sip send \{"method":"MESSAGE","requestUri":"sip:cwdonly@127\.0\.0\.1:5060","callId":"[^"]+","outcome":"timeout"/m,
    );
    const quiet = await runCli([
      'send',
      'pjsip:cwdonly',
      '--body',
      'x',
      '--timeout',
      '1',
      '--config-dir',
      cwdFolder,
    ]);
    expect(quiet.stderr).not.toContain('debug:');
  });
});

describe('did you mean', () => {
  it('a mistyped command', async () => {
    const run = await runCli(['sned']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "sned" (did you mean "send"?)');
  });

  it('a mistyped flag', async () => {
    const run = await runCli(['send', 'pjsip:cwdonly', '--bdy', 'x', '--config-dir', cwdFolder]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('(did you mean --body?)');
  });

  it('a mistyped endpoint names the endpoints there are', async () => {
    const run = await runCli(['send', 'pjsip:cwdonyl', '--body', 'x', '--config-dir', cwdFolder]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('hint: did you mean pjsip:cwdonly? endpoints: cwdonly');
    const json = await runCli(['verify', 'pjsip:endpoint/cwdonyl', '--json', '--config-dir', cwdFolder]);
    expect(JSON.parse(json.stdout).hint).toBe('did you mean pjsip:endpoint/cwdonly? endpoints: cwdonly');
  });

  it('a mistyped technology prefix, and a destination without one', async () => {
    const typo = await runCli(['send', 'pjsp:cwdonly', '--body', 'x', '--config-dir', cwdFolder]);
    expect(typo.code).toBe(3);
    expect(typo.stdout).toContain('no technology "pjsp" (did you mean pjsip:?)');
    const bare = await runCli(['send', 'cwdonly', '--body', 'x', '--config-dir', cwdFolder]);
    expect(bare.code).toBe(3);
    expect(bare.stdout).toContain('hint: a destination starts with its technology, e.g. pjsip:cwdonly');
    expect(bare.stdout).not.toContain('no technology ""');
  });
});

describe('verify shows config warnings', () => {
  it('in text and in --json', async () => {
    const json = await runCli(['verify', 'pjsip:cwdonly', '--json', '--config-dir', cwdFolder]);
    expect(json.code).toBe(0);
    const facts = JSON.parse(json.stdout) as { configWarnings?: string[] };
    expect(facts.configWarnings?.some((warning) => warning.includes('has no auth='))).toBe(true);
    const text = await runCli(['verify', 'pjsip:cwdonly', '--config-dir', cwdFolder]);
    expect(text.stdout).toMatch(/configWarnings .*has no auth=/);
  });

  it('a folder with no config at all says how to give one', async () => {
    const run = await runCli(['send', 'pjsip:alice', '--body', 'x', '--config-dir', emptyFolder]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`no pjsip.conf in ${emptyFolder} (use --config-dir)`);
  });
});

describe('serve --help', () => {
  it('lists every file the gateway reads from its config folder, extensions.conf too', async () => {
    const run = await runCli(['serve', '--help']);
    expect(run.code).toBe(0);
    for (const file of [
      'pjsip.conf',
      'sip.conf',
      'xmpp.conf',
      'extensions.conf',
      'http.conf',
      'ari.conf',
      'manager.conf',
    ])
      expect(run.stdout).toContain(file);
    expect(run.stdout).toMatch(/extensions\.conf +the message dialplan/);
  });
});
