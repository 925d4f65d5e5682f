import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-publish-'));
writeFileSync(
  join(dir, 'pjsip.conf'),
  '[alice]\ntype=endpoint\naors=alice\n\n[alice]\ntype=aor\ncontact=sip:alice@127.0.0.1:5062\n',
);
// Enough lines that `send --each` keeps writing long after its reader is gone.
writeFileSync(join(dir, 'many.txt'), `${Array.from({ length: 300 }, () => 'pjsip:alice').join('\n')}\n`);

const run = (args: string[]) => runCli(args, { cwd: dir, timeoutMs: 30_000 });

/** Runs the CLI with its standard output closed by the reader before anything is written. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('messagesend --version and help <command>', () => {
  it('--version, -V and version print the package version', async () => {
    for (const flag of ['--version', '-V', 'version']) {
      expect(await run([flag])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('help <command> prints what <command> --help prints; an unknown one is a usage error', async () => {
    for (const command of ['send', 'verify', 'demo']) {
      const viaHelp = await run(['help', command]);
      expect(viaHelp).toMatchObject({ code: 0, stderr: '' });
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: messagesend ${command}`));
      expect(viaHelp.stdout).toBe((await run([command, '--help'])).stdout);
    }
    const general = await run(['help']);
    expect(general.stdout).toContain('help [command]');
    expect(general.stdout).toContain('--version');
    const unknown = await run(['help', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^messagesend help: unknown command "nope"/);
  });
});

describe('a reader that closes the pipe early (| head -1)', () => {
  it('verify: no EPIPE crash, the exit code is the command’s own', async () => {
    expect(await runWithClosedStdout(['verify', 'pjsip:alice'])).toEqual({ code: 0, stderr: '' });
  });

  it('send --each with 300 dry-run sends: every line written after the reader left is dropped quietly', async () => {
    const { code, stderr } = await runWithClosedStdout([
      'send',
      '--each',
      'many.txt',
      '--body',
      'x',
      '--dry-run',
    ]);
    expect(code).toBe(0);
    // send prints pjsip.conf's load warnings on stderr (this endpoint has no auth=); nothing else.
    expect(stderr.split('\n').filter((line) => line !== '' && !line.startsWith('warning: '))).toEqual([]);
  });

  it('the shell pipeline itself: messagesend verify ... | head -1 exits 0 with one line', async () => {
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" verify pjsip:alice | head -1`;
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
      );
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});
