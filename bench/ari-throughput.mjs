// ARI `PUT /ari/endpoints/sendMessage` to a SIPp UAS through `messagesend serve` (a subprocess, as
// users run it) beside direct router.send() in this process, at concurrency 1 and 50, in one run.
// A message counts once delivered (the UAS's 200): direct awaits each delivery report; the ARI run
// ends when the gateway's delivered counter (GET /metrics) reaches the total. Then the idle memory
// (RSS) of a serve process with 10 000 configured pjsip endpoints beside one with a single endpoint.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
import { freePort, startProcess, startSippUas, uasScenario } from '@messagesend/test-peers';
import { drive } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const CONCURRENCY = [1, 50];
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const USER = 'bench';
const PASSWORD = 'bench-password';

const uas = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }], {
    timewaitMs: 4000,
  }),
  args: ['-max_recv_loops', '10000', '-max_sched_loops', '10000'],
  trace: false,
});
const endpointConf = (name) =>
  `[${name}]\ntype=endpoint\naors=${name}\n[${name}]\ntype=aor\ncontact=sip:${name}@${uas.host}:${uas.port}\n`;

async function startServe(endpoints) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-serve-'));
  const httpPort = await freePort('127.0.0.1');
  writeFileSync(join(dir, 'http.conf'), `[general]\nenabled=yes\nbindaddr=127.0.0.1\nbindport=${httpPort}\n`);
  writeFileSync(join(dir, 'ari.conf'), `[${USER}]\ntype=user\npassword=${PASSWORD}\n`);
  const names = ['bob', ...Array.from({ length: endpoints - 1 }, (_, i) => `ep${i}`)];
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n${names.map(endpointConf).join('')}`,
  );
  const child = startProcess('messagesend serve', process.execPath, [
    BIN,
    'serve',
    '--config-dir',
    dir,
    '--log-level',
    'warn',
  ]);
  const base = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {}
    if (i > 600 || child.hasExited) throw new Error(`serve did not start:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, base };
}

async function delivered(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = /messagesend_deliveries_total\{tech="pjsip",outcome="delivered"\} (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Waits (at most 60 s) until the gateway counts `count` delivered messages. */
async function settle(base, count) {
  const deadline = Date.now() + 60_000;
  while ((await delivered(base)) < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

async function ariRun(base, concurrency) {
  const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const url = `${base}/ari/endpoints/sendMessage?to=pjsip:bob&from=sip:bench@127.0.0.1&body=hello%20from%20the%20benchmark`;
  // node:http with keep-alive: the lightest client, so the client's own cost (it shares the
  // machine's cores with the gateway) weighs on the ARI rows as little as it can.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const sendOne = () =>
    new Promise((resolve) => {
      const put = request(url, { method: 'PUT', agent, headers: { authorization: auth } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode === 202));
      });
      put.on('error', () => resolve(false));
      put.end();
    });
  const warm = await delivered(base);
  await drive(WARMUP, concurrency, sendOne);
  await settle(base, warm + WARMUP);
  const before = await delivered(base);
  const started = performance.now();
  const result = await drive(TOTAL, concurrency, sendOne);
  await settle(base, before + TOTAL - result.failures);
  const seconds = (performance.now() - started) / 1000;
  return { ...result, rate: TOTAL / seconds, undelivered: before + TOTAL - (await delivered(base)) };
}

async function directRun(concurrency) {
  const router = createRouter({
    techs: [
      pjsip({ config: `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n${endpointConf('bob')}` }),
    ],
  });
  const sendOne = async () => {
    const result = await router.send('pjsip:bob', {
      body: 'hello from the benchmark',
      from: 'sip:bench@127.0.0.1',
    });
    return result.status === 'SUCCESS' && (await result.delivery).outcome === 'delivered';
  };
  try {
    await drive(WARMUP, concurrency, sendOne);
    return await drive(TOTAL, concurrency, sendOne);
  } finally {
    await router.close();
  }
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

try {
  const serve = await startServe(1);
  const rows = [];
  for (const concurrency of CONCURRENCY) {
    const direct = await directRun(concurrency);
    const ari = await ariRun(serve.base, concurrency);
    const ratio = ari.rate / direct.rate;
    rows.push([
      `direct router.send, concurrency ${concurrency}`,
      direct.rate.toFixed(0),
      direct.p50.toFixed(2),
      direct.p99.toFixed(2),
      direct.failures,
      '',
    ]);
    rows.push([
      `ARI sendMessage (serve), concurrency ${concurrency}`,
      ari.rate.toFixed(0),
      ari.p50.toFixed(2),
      ari.p99.toFixed(2),
      ari.failures + Math.max(0, ari.undelivered),
      ratio.toFixed(2),
    ]);
  }
  await serve.child.stop();
  printTable(
    `MESSAGE to one SIPp UAS over UDP loopback, ${TOTAL} messages per row after ${WARMUP} warm-up (delivered = the UAS's 200)`,
    ['sender', 'msg/s', 'p50 ms', 'p99 ms (to 202 / to delivery)', 'failed', 'ARI / direct'],
    rows,
  );

  const memory = [];
  for (const endpoints of [1, 10_000]) {
    const started = performance.now();
    const idle = await startServe(endpoints);
    const startMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    memory.push([
      `serve, ${endpoints} pjsip endpoint${endpoints === 1 ? '' : 's'}`,
      rssMb(idle.child.pid).toFixed(1),
      startMs.toFixed(0),
    ]);
    await idle.child.stop();
  }
  printTable(
    'Idle memory of messagesend serve (RSS 3 s after ready)',
    ['process', 'RSS MB', 'start to ready ms'],
    memory,
  );
} finally {
  await uas.stop();
}
