// The CLI's bulk path against the library loop: `messagesend send --each FILE --wait` of 10,000
// lines (the CLI as a subprocess, start-up included) beside a script that calls router.send() with
// the same concurrency (also a subprocess: lib/bulk-library-loop.mjs), both to one SIPp UAS over
// UDP loopback through the same pjsip.conf. CPU is each child's own (user + system, written at
// its exit by lib/cpu-at-exit.cjs). Rounds are interleaved (A B, B A, ...), median [min-max].
//
// Short run: BENCH_LINES=2000 BENCH_ROUNDS=2 node cli-bulk.mjs
//   BENCH_LINES        lines in the --each file (default 10000)
//   BENCH_ROUNDS       rounds per concurrency (default 3)
//   BENCH_CONCURRENCY  comma-separated --concurrency values (default 8,100; 8 is the CLI's default)
//   BENCH_CLI          path of the CLI's bin.js (default this checkout's packages/cli/dist/bin.js)
//   BENCH_PROFILE_DIR  also write each child's `node --cpu-prof` profile there
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePeerDir, removePeerDir } from '@messagesend/test-peers';
import { rotated, spread } from './lib/rounds.mjs';
import { printTable } from './lib/table.mjs';
import { startUas } from './sip-throughput.mjs';

const LINES = Number(process.env.BENCH_LINES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,100').split(',').map(Number);
const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const LIBRARY_LOOP = fileURLToPath(new URL('./lib/bulk-library-loop.mjs', import.meta.url));
const CPU_PRELOAD = fileURLToPath(new URL('./lib/cpu-at-exit.cjs', import.meta.url));
const BODY = 'hello from the benchmark';
const PROFILE = process.env.BENCH_PROFILE_DIR
  ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR]
  : [];

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first`);

/** Runs one child to its exit: wall seconds, its own CPU µs, and the "N succeeded, M failed" line. */
function runChild(args, dir) {
  const cpuFile = join(dir, `cpu-${Math.random().toString(36).slice(2)}.json`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', CPU_PRELOAD, ...PROFILE, ...args], {
      env: { ...process.env, BENCH_CPU_FILE: cpuFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    // A hung child must not hang the bench: 10,000 sends finish in seconds; 5 minutes is a bound.
    const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      const seconds = (performance.now() - started) / 1000;
      const summary = /(\d+) succeeded, (\d+) failed/.exec(out);
      if (!summary) {
        reject(
          new Error(`child exited ${code} without a summary:\n${out.slice(-2000)}\n${err.slice(-2000)}`),
        );
        return;
      }
      const cpu = existsSync(cpuFile) ? JSON.parse(readFileSync(cpuFile, 'utf8')) : {};
      resolve({
        rate: Number(summary[1]) / seconds,
        seconds,
        failed: Number(summary[2]),
        cpuUsPerMessage: cpu.cpuMicros / LINES,
        maxRssMb: cpu.maxRssKb / 1024,
      });
    });
  });
}

const CONTENDERS = [
  {
    key: 'cli',
    name: 'messagesend send --each FILE --wait',
    args: (dir, eachFile, concurrency) => [
      CLI,
      ...['send', '--each', eachFile, '--wait', '--concurrency', String(concurrency)],
      ...['--config-dir', dir, '--body', BODY],
    ],
  },
  {
    key: 'library',
    name: 'library loop (router.send, same concurrency)',
    args: (dir, eachFile, concurrency) => [LIBRARY_LOOP, dir, eachFile, String(concurrency), BODY],
  },
];

const rows = [];
for (const concurrency of CONCURRENCIES) {
  const results = new Map(CONTENDERS.map((c) => [c.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const contender of rotated(CONTENDERS, round)) {
      const uas = await startUas();
      const dir = makePeerDir('cli-bulk');
      try {
        writeFileSync(
          join(dir, 'pjsip.conf'),
          `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n[bob]\ntype=endpoint\naors=bob\n[bob]\ntype=aor\ncontact=sip:bob@${uas.host}:${uas.port}\n`,
        );
        const eachFile = join(dir, 'destinations.txt');
        writeFileSync(eachFile, 'pjsip:bob\n'.repeat(LINES));
        results.get(contender.key).push(await runChild(contender.args(dir, eachFile, concurrency), dir));
      } finally {
        await uas.stop();
        removePeerDir(dir);
      }
    }
  }
  const library = results.get('library');
  for (const contender of CONTENDERS) {
    const runs = results.get(contender.key);
    const pick = (field) => runs.map((run) => run[field]);
    const ratios = runs.map((run, i) => run.rate / library[i].rate);
    rows.push([
      contender.name,
      concurrency,
      spread(pick('rate'), (v) => String(Math.round(v))),
      spread(ratios, (v) => `${v.toFixed(2)}x`),
      spread(pick('cpuUsPerMessage'), (v) => v.toFixed(1)),
      spread(pick('seconds'), (v) => v.toFixed(2)),
      spread(pick('maxRssMb'), (v) => v.toFixed(0)),
      spread(pick('failed'), String),
    ]);
  }
}
printTable(
  `${LINES} MESSAGEs to a SIPp UAS (pjsip:, UDP loopback), whole process from start to exit, ` +
    `${ROUNDS} interleaved rounds, median [min-max] (Node ${process.version})`,
  ['sender', 'concurrency', 'msg/s', 'vs library', 'CPU µs/msg', 'seconds', 'max RSS MB', 'failed'],
  rows,
);
