import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headerValue, runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, startCli } from './run-cli.js';

// `send --each` as a user runs it: CSV rows with per-row body/from/data, standard input, --rate,
// the failures-only summary, JSON lines with input line numbers, the bar on a terminal only, and
// Ctrl-C: in-flight sends settle, the partial summary is printed, exit 130.

let peer: SippPeer;
let silent: Socket;
let silentPort: number;
const silentRequests: string[] = [];
let dir: string;

beforeAll(async () => {
  peer = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  // A peer that receives and never answers: every send to it waits for its own deadline.
  silent = createSocket('udp4');
  silent.on('message', (data) => silentRequests.push(data.toString('utf8')));
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  silentPort = silent.address().port;
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-bulk-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[alice]\ntype=endpoint\naors=alice\n\n[alice]\ntype=aor\ncontact=sip:alice@127.0.0.1:${peer.port}\n\n[mute]\ntype=endpoint\naors=mute\n\n[mute]\ntype=aor\ncontact=sip:mute@127.0.0.1:${silentPort}\n`,
  );
});
afterAll(async () => {
  await peer.stop();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  expect(runningPeers()).toEqual([]);
});

const messagesSince = async (before: number, count: number) =>
  (await peer.waitForRequests(before + count, 10_000))
    .slice(before)
    .filter((request) => request.firstLine.startsWith('MESSAGE '));

describe('send --each', () => {
  it('CSV rows: per-row body, from and data columns; JSON lines carry the input line and a summary', async () => {
    const before = peer.requests().length;
    const file = join(dir, 'rows.csv');
    writeFileSync(
      file,
      [
        'destination,body,from,data:X-Campaign',
        `pjsip:alice,"Hello, one",sip:one@example.com,spring`,
        '# a comment line',
        `pjsip:alice,"two ""quoted""",,`,
        'nosuch:alice,three,,',
        '',
      ].join('\n'),
    );
    const run = await runCli(['send', '--each', file, '--json', '--config-dir', dir]);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const rows = lines.filter((line) => 'line' in line).sort((a, b) => a.line - b.line);
    expect(rows.map((row) => [row.line, row.status])).toEqual([
      [2, 'SUCCESS'],
      [4, 'SUCCESS'],
      [5, 'INVALID_PROTOCOL'],
    ]);
    expect(lines.at(-1)).toEqual({
      summary: { total: 3, succeeded: 2, failed: 1, notStarted: 0, interrupted: false },
    });
    const received = await messagesSince(before, 2);
    const byBody = new Map(received.map((request) => [request.body, request]));
    expect([...byBody.keys()].sort()).toEqual(['Hello, one', 'two "quoted"']);
    expect(headerValue(byBody.get('Hello, one')!, 'X-Campaign')).toBe('spring');
    expect(headerValue(byBody.get('Hello, one')!, 'From')).toContain('sip:one@example.com');
    expect(headerValue(byBody.get('two "quoted"')!, 'X-Campaign')).toBeUndefined();
  });

  it('an unknown CSV column is a usage error with a hint', async () => {
    const file = join(dir, 'typo.csv');
    writeFileSync(file, 'destination,bdy\npjsip:alice,x\n');
    const run = await runCli(['send', '--each', file, '--config-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown CSV column "bdy" (did you mean "body"?)');
  });

  it('reads plain lines from standard input with -, and the summary lists only the failures', async () => {
    const before = peer.requests().length;
    const input = ['pjsip:alice', 'pjsip:alice', 'nosuch:bob', 'pjsip:alice'].join('\n');
    const run = await runCli(['send', '--each', '-', '--body', 'from stdin', '--config-dir', dir], { input });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('3 succeeded, 1 failed');
    const tableLines = run.stdout
      .split('\n')
      .filter((line) => /^\d+\s/.test(line) && !line.includes('succeeded'));
    expect(tableLines).toHaveLength(1);
    expect(tableLines[0]).toMatch(/^3\s+nosuch:bob\s+INVALID_PROTOCOL/);
    expect((await messagesSince(before, 3)).map((request) => request.body)).toEqual([
      'from stdin',
      'from stdin',
      'from stdin',
    ]);
    const all = await runCli(['send', '--each', '-', '--body', 'x', '--all', '--config-dir', dir], { input });
    expect(
      all.stdout.split('\n').filter((line) => /^\d+\s/.test(line) && !line.includes('succeeded')),
    ).toHaveLength(4);
  });

  it('--rate spaces the sends: 10 rows at 20/s take at least 450 ms', async () => {
    const before = peer.requests().length;
    const file = join(dir, 'rate.txt');
    writeFileSync(file, `${Array.from({ length: 10 }, () => 'pjsip:alice').join('\n')}\n`);
    const started = Date.now();
    const run = await runCli([
      'send',
      '--each',
      file,
      '--body',
      'paced',
      '--rate',
      '20',
      '--config-dir',
      dir,
    ]);
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(await messagesSince(before, 10)).toHaveLength(10);
    const bad = await runCli(['send', '--each', file, '--body', 'x', '--rate', '0', '--config-dir', dir]);
    expect(bad.code).toBe(2);
  });

  it('Ctrl-C: no new sends start, the ones in flight settle, a partial summary, exit 130', async () => {
    silentRequests.length = 0;
    const file = join(dir, 'slow.txt');
    writeFileSync(file, `${Array.from({ length: 20 }, () => 'pjsip:mute').join('\n')}\n`);
    const cli = startCli([
      'send',
      '--each',
      file,
      '--body',
      'interrupted',
      '--wait',
      '--timeout',
      '2',
      '--concurrency',
      '2',
      '--json',
      '--config-dir',
      dir,
    ]);
    // Both in-flight MESSAGEs are on the wire before the interrupt.
    const inFlight = () => new Set(silentRequests.map((text) => /Call-ID: *(\S+)/i.exec(text)?.[1])).size;
    const deadline = Date.now() + 10_000;
    while (inFlight() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inFlight()).toBe(2);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const rows = lines.filter((line) => 'line' in line);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('FAILURE');
      expect(row.reason).toMatch(/TIMEOUT$/);
    }
    expect(lines.at(-1)).toEqual({
      summary: { total: 20, succeeded: 0, failed: 2, notStarted: 18, interrupted: true },
    });
    expect(result.stderr).toContain('interrupted: starting no new sends');
    const distinctCalls = new Set(silentRequests.map((text) => /Call-ID: *(\S+)/i.exec(text)?.[1]));
    expect(distinctCalls.size).toBe(2);
  });

  it('the progress bar is drawn on a terminal only', async () => {
    const file = join(dir, 'bar.txt');
    writeFileSync(file, `${Array.from({ length: 5 }, () => 'pjsip:alice').join('\n')}\n`);
    const args = ['send', '--each', file, '--body', 'bar', '--config-dir', dir];
    const piped = await runCli(args);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('\r');
    // util-linux `script` runs the command under a pseudo-terminal, as a user's shell does.
    const command = [process.execPath, BIN, ...args].map((part) => `'${part}'`).join(' ');
    const tty = await new Promise<string>((resolve, reject) =>
      execFile(
        'script',
        ['-qec', command, '/dev/null'],
        { timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(tty).toMatch(/\[#+\] 5\/5 {2}failed 0 {2}[\d.]+\/s {2}ETA 0s/);
    expect(tty).toContain('5 succeeded, 0 failed');
  });
});
