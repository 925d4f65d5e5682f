// Queued sends through Redis (BullMQ) versus direct router.send, to one SIPp UAS, in one run:
// throughput with one and two worker processes, Redis commands per message, Redis memory per
// queued message. Worker processes are packages/redis/test/fixtures/worker.mjs (built packages).
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRouter } from '@messagesend/core';
import { pjsip } from '@messagesend/pjsip';
import { createSendQueue } from '@messagesend/redis';
import { startRedis, startSippUas, uasScenario } from '@messagesend/test-peers';
import { printTable } from './lib/table.mjs';

const N = Number(process.env.BENCH_N ?? 2_000);
const CONCURRENCY = 16;
const body = 'x'.repeat(100);
const workerScript = fileURLToPath(new URL('../packages/redis/test/fixtures/worker.mjs', import.meta.url));

const redis = await startRedis();
const uas = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }], {
    timewaitMs: 0,
  }),
  trace: false,
});
const pjsipConf = `
[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[bob]
type=endpoint
aors=bob

[bob]
type=aor
contact=${uas.uri('bob')}
`;
const cli = (...args) => execFileSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8' });
const info = (section) =>
  Object.fromEntries(
    cli('INFO', section)
      .split('\r\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
const commandCalls = () =>
  Object.entries(info('commandstats'))
    .filter(([name]) => name.startsWith('cmdstat_'))
    .reduce((sum, [, value]) => sum + Number(/calls=(\d+)/.exec(value)[1]), 0);

async function direct() {
  const router = createRouter({ techs: [pjsip({ config: pjsipConf })] });
  await router.start();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < N) {
        const result = await router.send('pjsip:bob', { body }, { waitForDelivery: true });
        if ((await result.delivery).outcome !== 'delivered') throw new Error('direct send not delivered');
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await router.close();
  return N / seconds;
}

function startWorker(queue) {
  const config = { redisUrl: redis.url, pjsipConf, queue, concurrency: CONCURRENCY, lockDurationMs: 30_000 };
  const child = spawn(process.execPath, [workerScript, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (JSON.parse(line).ready) resolve(child);
    });
  });
}

async function queued(workers, name, n = N) {
  const producer = await createSendQueue({ connection: redis.url, name, concurrency: 0 });
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(name)));
  const callsBefore = commandCalls();
  const start = performance.now();
  for (let i = 0; i < N; i += 100)
    await Promise.all(
      Array.from({ length: Math.min(100, N - i) }, () => producer.enqueue('pjsip:bob', { body })),
    );
  // Polled with redis-cli ZCARD, so the MONITOR count below can leave the bench's own polling out.
  for (;;) {
    const completed = Number(cli('ZCARD', `bull:${name}:completed`));
    const failed = Number(cli('ZCARD', `bull:${name}:failed`));
    if (failed > 0) throw new Error(`${failed} queued sends failed`);
    if (completed >= n) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - start) / 1000;
  const commands = (commandCalls() - callsBefore) / n;
  for (const child of children) child.kill('SIGTERM');
  await producer.close();
  return { rate: n / seconds, commands };
}

// Client round trips: MONITOR prints every command a client sent, and marks those a Lua script
// ran with "lua]"; the others are what travelled between Node and Redis (a pipeline's commands
// counted one by one). MONITOR slows Redis down, so this is a separate, small run.
async function clientCommandsPerMessage() {
  const n = 200;
  const monitor = spawn('redis-cli', ['-p', String(redis.port), 'monitor'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let client = 0;
  createInterface({ input: monitor.stdout }).on('line', (line) => {
    if (line.includes('"') && !line.includes('lua]') && !/"zcard"/i.test(line)) client++;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await queued(1, 'monitored', n);
  monitor.kill('SIGTERM');
  return client / n;
}

async function memoryPerMessage() {
  const name = 'memory';
  const producer = await createSendQueue({ connection: redis.url, name, concurrency: 0 });
  const M = 5_000;
  const before = Number(info('memory').used_memory);
  for (let i = 0; i < M; i += 100)
    await Promise.all(Array.from({ length: 100 }, () => producer.enqueue('pjsip:bob', { body })));
  const after = Number(info('memory').used_memory);
  await producer.close();
  return (after - before) / M;
}

const directRate = await direct();
const one = await queued(1, 'one');
const two = await queued(2, 'two');
const bytes = await memoryPerMessage();
const roundTrips = await clientCommandsPerMessage();

printTable(
  `Queued sends through Redis ${info('server').redis_version} (BullMQ) vs direct router.send, ${N} MESSAGEs of ${body.length} bytes to one SIPp UAS, ${CONCURRENCY} in parallel per process (Node ${process.version})`,
  ['path', 'sends/s', 'vs direct', 'Redis commands / message'],
  [
    ['router.send direct, waitForDelivery (baseline)', directRate.toFixed(0), '1.00', '-'],
    [
      'queue, 1 worker process',
      one.rate.toFixed(0),
      (one.rate / directRate).toFixed(2),
      one.commands.toFixed(1),
    ],
    [
      'queue, 2 worker processes',
      two.rate.toFixed(0),
      (two.rate / directRate).toFixed(2),
      two.commands.toFixed(1),
    ],
  ],
);
printTable(
  'Redis per message',
  ['measure', 'value'],
  [
    [
      'client commands (round trips) per queued message, 1 worker, MONITOR, 200 messages',
      roundTrips.toFixed(1),
    ],
    ['memory per queued message (5,000 waiting jobs, used_memory delta)', `${bytes.toFixed(0)} bytes`],
  ],
);
console.log(
  "\nRedis commands / message: INFO commandstats delta over the run divided by messages; it counts commands run inside BullMQ Lua scripts and idle workers' blocking polls, so it is more than the round trips (counted with MONITOR below).",
);
await uas.stop();
await redis.stop();
