import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, pollUntil, runningPeers, runSippUac, uacScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.js';

// `messagesend listen` prints what arrives, through the real binary: a SIPp UAC sends a MESSAGE
// in; and `--tech PACKAGE` loads the plugin template, installed in the user's folder as npm would.

const TEMPLATE = fileURLToPath(new URL('../../../examples/plugin-template', import.meta.url));

let dir: string;
let port: number;

beforeAll(async () => {
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-listen-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:${port}\n\n[sipp]\ntype=endpoint\ncontext=default\n\n[sipp-ip]\ntype=identify\nendpoint=sipp\nmatch=127.0.0.1\n`,
  );
});
afterAll(() => {
  expect(runningPeers()).toEqual([]);
});

/** Waits for a line of the CLI's output, bounded; the error shows what it printed. */
const untilPrinted = (
  cli: ReturnType<typeof startCli>,
  stream: 'stdout' | 'stderr',
  text: string,
  timeoutMs: number,
) =>
  pollUntil(`${stream} to show ${JSON.stringify(text)}`, () => cli.output()[stream].includes(text), {
    timeoutMs,
    detail: () => JSON.stringify(cli.output()),
  });

describe('messagesend listen', () => {
  it('prints a MESSAGE a SIPp UAC sends, answers 202, and exits 0 on Ctrl-C', async () => {
    const cli = startCli(['listen', '--json', '--config-dir', dir]);
    await untilPrinted(cli, 'stderr', 'listening: pjsip udp', 15_000);
    expect(cli.output().stderr).toContain(`listening: pjsip udp 127.0.0.1:${port}`);
    const sent = await runSippUac({
      target: `127.0.0.1:${port}`,
      service: '1000',
      scenario: uacScenario([
        { method: 'MESSAGE', headers: ['Content-Type: text/plain'], body: 'hello listener', expect: 202 },
      ]),
    });
    expect(sent.exit.code, sent.errors.join('\n')).toBe(0);
    await untilPrinted(cli, 'stdout', 'hello listener', 5_000);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout.trim().split('\n')[0]!);
    expect(printed).toMatchObject({ tech: 'pjsip', endpoint: 'sipp', body: 'hello listener' });
    expect(printed.destination).toMatch(/^pjsip:/);
  });

  it('--decline answers 404', async () => {
    const cli = startCli(['listen', '--decline', '--config-dir', dir]);
    await untilPrinted(cli, 'stderr', 'listening: pjsip udp', 15_000);
    const sent = await runSippUac({
      target: `127.0.0.1:${port}`,
      service: '1000',
      scenario: uacScenario([
        { method: 'MESSAGE', headers: ['Content-Type: text/plain'], body: 'declined', expect: 404 },
      ]),
    });
    expect(sent.exit.code, sent.errors.join('\n')).toBe(0);
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| declined');
  });

  it('with no technology configured it says why, exit 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'messagesend-cli-listen-empty-'));
    const result = await runCli(['listen', '--config-dir', empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to listen on: no pjsip.conf in');
  });
});

describe('--tech PACKAGE', () => {
  let project: string;
  beforeAll(() => {
    // As `npm install messagesend-file` leaves it: the package under the user's node_modules.
    project = mkdtempSync(join(tmpdir(), 'messagesend-cli-tech-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(TEMPLATE, join(project, 'node_modules', 'messagesend-file'), 'dir');
  });

  it('send through a third-party technology installed in the current folder', async () => {
    const result = await runCli(
      ['send', 'file:out.jsonl', '--body', 'via plugin', '--tech', 'messagesend-file'],
      {
        cwd: project,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^SUCCESS file:out\.jsonl/);
    const line = JSON.parse(readFileSync(join(project, 'out.jsonl'), 'utf8').trim());
    expect(line.body).toBe('via plugin');
  });

  it('listen receives through it, with --tech-option', async () => {
    const inbox = join(project, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const cli = startCli(
      [
        'listen',
        '--json',
        '--tech',
        'messagesend-file',
        '--tech-option',
        `inboxDir=${inbox}`,
        '--tech-option',
        'pollMs=50',
      ],
      { cwd: project },
    );
    await untilPrinted(cli, 'stderr', 'listening: file', 15_000);
    writeFileSync(join(inbox, '1.json'), JSON.stringify({ body: 'from the inbox', from: 'carol' }));
    await untilPrinted(cli, 'stdout', 'from the inbox', 5_000);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      tech: 'file',
      body: 'from the inbox',
      from: 'carol',
    });
  });

  it('a package that is not installed is a usage error with the install command', async () => {
    const result = await runCli(['send', 'x:1', '--body', 'x', '--tech', 'messagesend-nope'], {
      cwd: project,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('npm install messagesend-nope');
  });
});
