// MESSAGE throughput to one SIPp UAS over UDP loopback at windows 1 to 10,000: the raw npm `sip`
// stack, @messagesend/sip-ua, router.send() through pjsip: and sip:, and, as the native ceiling,
// SIPp's own UAC at a high rate against the same kind of UAS. Rounds are interleaved (A B A B, the
// order rotated each round); every figure is printed as median [min-max] over the rounds.
// Each in-process row runs in a Node process of its own, kept for all of the row's cells
// (BENCH_ISOLATE=0: every row in this one), as a user's program runs one of these senders: in one
// shared process the rows share sip-ua's functions and heap, so each row's objects reach the
// others' call sites and each row's garbage the others' collections.
//
// Short run: BENCH_MESSAGES=2000 BENCH_ROUNDS=2 BENCH_WINDOWS=1,100,1000 node sip-throughput.mjs
//   BENCH_MESSAGES  timed messages per cell (default 20000: at 40k/s 5000 took less than one T1,
//                   so one datagram the UAS dropped made a round's rate four times lower)
//   BENCH_WARMUP    at least this many untimed messages first (default 10000); more, up to 40,000, until the
//                   sender's CPU per message has settled (warmUp in lib/sip-load.mjs says why)
//   BENCH_ROUNDS    rounds per window (default 3)
//   BENCH_WINDOWS   comma-separated windows (default 1,10,100,1000,10000)
//   BENCH_HUGE=1    adds window 100,000 (send BENCH_MESSAGES >= 100000 for it to mean anything)
//   BENCH_ROWS      comma-separated row keys to run: raw,sip-ua,pjsip,sip,native (default all)
//   BENCH_ISOLATE=0 runs every row in this process instead of one process per row
//   BENCH_NATIVE_WINDOW  SIPp UAC's -l for the ceiling row (default 100: more overflows SIPp's UAS)
//   BENCH_NATIVE_MESSAGES  calls for the ceiling row (default max(BENCH_MESSAGES, 20000): SIPp's
//                  start-up and its final retransmission waits would dominate a shorter run)
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
import sipTechnology from '@messagesend/sip';
import { buildRequest, startSipStack } from '@messagesend/sip-ua';
import {
  makePeerDir,
  removePeerDir,
  requireCommand,
  startProcess,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
import sip from 'sip';
import { watchProcessCpu } from './lib/proc-cpu.mjs';
import { rotated, spread } from './lib/rounds.mjs';
import { drive, percentiles, warmUp } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';
import { countDatagrams, datagramsBetween, datagramsSent, kernelDrops, watchHeap } from './lib/udp-probe.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WINDOWS = (process.env.BENCH_WINDOWS ?? '1,10,100,1000,10000')
  .split(',')
  .map(Number)
  .concat(process.env.BENCH_HUGE === '1' ? [100_000] : []);
const ROWS = process.env.BENCH_ROWS?.split(',');
const NATIVE_WINDOW = Number(process.env.BENCH_NATIVE_WINDOW ?? 100);
const NATIVE_MESSAGES = Number(process.env.BENCH_NATIVE_MESSAGES ?? Math.max(TOTAL, 20_000));
const ISOLATE = process.env.BENCH_ISOLATE !== '0';
const BODY = 'hello from the benchmark';

countDatagrams();

export async function startUas() {
  return startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }], {
      timewaitMs: 4000,
    }),
    args: ['-max_recv_loops', '10000', '-max_sched_loops', '10000'],
    trace: false,
  });
}

// Each in-process sender: open(uas) gives { sendOne, ports(), close() }.

async function openSipUa(uas) {
  const stack = await startSipStack({ transports: [{ protocol: 'udp' }] });
  const target = { protocol: 'udp', address: uas.host, port: uas.port };
  const uri = `sip:bob@${uas.host}:${uas.port}`;
  return {
    async sendOne() {
      const request = buildRequest({
        method: 'MESSAGE',
        requestUri: uri,
        from: '<sip:alice@127.0.0.1>',
        to: `<${uri}>`,
        contentType: 'text/plain',
        body: BODY,
      });
      const outcome = await stack.send(request, { target }).outcome;
      return outcome.kind === 'response' && outcome.response.status === 200;
    },
    close: () => stack.close(),
  };
}

/** router.send() through a technology, counting a message once its delivery report says delivered. */
function openRouter(makeTech, destinationFor) {
  return async (uas) => {
    const router = createRouter({ techs: [makeTech(uas)] });
    const destination = destinationFor(uas);
    return {
      async sendOne() {
        const result = await router.send(destination, { body: BODY });
        return result.status === 'SUCCESS' && (await result.delivery).outcome === 'delivered';
      },
      close: () => router.close(),
    };
  };
}

const openPjsip = openRouter(
  (uas) =>
    pjsip({
      config: `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n[bob]\ntype=endpoint\naors=bob\n[bob]\ntype=aor\ncontact=sip:bob@${uas.host}:${uas.port}\n`,
    }),
  () => 'pjsip:bob',
);
const openSipTech = openRouter(
  () => sipTechnology({ config: '[general]\nbindaddr=127.0.0.1\nbindport=0\n' }),
  (uas) => `sip:bob@${uas.host}:${uas.port}`,
);

export async function openRawSip(uas) {
  // Trap: a Request-URI host equal to the stack's own hostname is answered 404 locally, so the
  // raw stack binds 127.0.0.2 while SIPp listens on 127.0.0.1.
  const port = 20000 + Math.floor(Math.random() * 20000);
  const stack = sip.create({ address: '127.0.0.2', port, tcp: false, publicAddress: '127.0.0.2' }, () => {});
  const uri = `sip:bob@${uas.host}:${uas.port}`;
  let n = 0;
  return {
    sendOne: () =>
      new Promise((resolve) => {
        // The npm stack never completes after a 1xx (trap 4): our own Timer F guard.
        const guard = setTimeout(() => resolve(false), 32_000);
        stack.send(
          {
            method: 'MESSAGE',
            uri,
            headers: {
              to: { uri },
              from: { uri: 'sip:alice@127.0.0.2', params: { tag: `t${++n}` } },
              'call-id': `raw-${n}-${Date.now()}`,
              cseq: { method: 'MESSAGE', seq: 1 },
              'content-type': 'text/plain',
              'max-forwards': 70,
            },
            content: BODY,
          },
          (response) => {
            if (response.status < 200) return;
            clearTimeout(guard);
            resolve(response.status === 200);
          },
        );
      }),
    close: async () => stack.destroy(),
  };
}

/** One cell for an in-process sender: warm-up, then the timed run with every instrument on. */
async function inProcessCell(open, uas, window) {
  // A clean heap before the warm-up, not between it and the timed run: a forced collection
  // shrinks V8's young generation: the next 2,000 messages then ran at 3.5-4x the CPU and the
  // 2,000 after them at 2x (all rows, the router rows longest, as they allocate more) while it
  // grew back.
  globalThis.gc?.();
  const sender = await open(uas);
  try {
    const warmedWith = await warmUp(window, sender.sendOne, { min: WARMUP, max: Math.max(WARMUP, 40_000) });
    const sentBefore = datagramsSent();
    const cpuBefore = process.cpuUsage();
    const stopHeap = watchHeap();
    const result = await drive(TOTAL, window, sender.sendOne);
    const peakHeap = stopHeap();
    const cpu = process.cpuUsage(cpuBefore);
    const sent = datagramsBetween(sentBefore, datagramsSent());
    return {
      ...result,
      cpuUsPerMessage: (cpu.user + cpu.system) / TOTAL,
      datagramsPerMessage: sent.total / TOTAL,
      dropsOurs: kernelDrops(sent.ports),
      dropsUas: kernelDrops([uas.port]),
      peakHeap,
      warmedWith,
    };
  } finally {
    await sender.close();
  }
}

/** The native ceiling: SIPp's UAC at a high rate (-r 100000, -l NATIVE_WINDOW) against the UAS;
 * its figure does not depend on the row's window; its CPU is sampled from /proc (the UAC process
 * only), its datagrams are not counted. */
async function nativeCell(uas) {
  const dir = makePeerDir('sipp-bench');
  const scenario = join(dir, 'uac.xml');
  writeFileSync(
    scenario,
    `<?xml version="1.0" encoding="UTF-8"?>
<scenario name="uac-bench">
  <send retrans="500" start_rtd="1"><![CDATA[
MESSAGE sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bob@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 MESSAGE
Max-Forwards: 70
Content-Type: text/plain
Content-Length: [len]

${BODY}
]]></send>
  <recv response="200" rtd="1"/>
</scenario>
`,
  );
  const args = [
    ...['-sf', scenario, `${uas.host}:${uas.port}`, '-i', '127.0.0.1', '-p', '0', '-nostdin'],
    ...['-m', String(NATIVE_MESSAGES), '-l', String(NATIVE_WINDOW), '-r', '100000'],
    ...['-recv_timeout', '10000', '-timeout', '120', '-trace_rtt', '-rtt_freq', '100'],
  ];
  const started = performance.now();
  const run = startProcess('sipp uac bench', requireCommand('sipp'), args, { cwd: dir });
  const stopCpu = watchProcessCpu(run.pid);
  const status = await run.exited;
  const cpuMicros = stopCpu(); // the last sample before exit: up to 20 ms of SIPp's CPU unseen
  const seconds = (performance.now() - started) / 1000;
  const rttFile = readdirSync(dir).find((name) => name.endsWith('_rtt.csv'));
  const samples = rttFile
    ? readFileSync(join(dir, rttFile), 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(';')[1]))
        .filter(Number.isFinite)
    : [];
  removePeerDir(dir);
  return {
    rate: NATIVE_MESSAGES / seconds,
    ...percentiles(samples),
    failures: status.code === 0 ? 0 : Number.NaN,
    cpuUsPerMessage: cpuMicros / NATIVE_MESSAGES,
    dropsUas: kernelDrops([uas.port]),
    wholeMs: true,
  };
}

/** The in-process senders by row name, for other benches (sip-allocation). */
export const openers = {
  '@messagesend/sip-ua': openSipUa,
  'router.send(pjsip:)': openPjsip,
  'router.send(sip:)': openSipTech,
};

/** The in-process senders by row key. */
const SENDERS = { raw: openRawSip, 'sip-ua': openSipUa, pjsip: openPjsip, sip: openSipTech };

/**
 * A row's own Node process, started once and kept for every cell of the row (see the header): its
 * JIT warms once, as a user's long-running program does, and no other row shares its code.
 */
function rowProcess(key) {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, BENCH_ROW_PROCESS: key },
  });
  let waiting;
  child.on('message', (result) => waiting?.resolve(result));
  child.once('exit', (code) => waiting?.reject(new Error(`the ${key} row's process exited (${code})`)));
  return {
    cell(uas, window) {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        child.send({ uas: { host: uas.host, port: uas.port }, window });
      });
    },
    stop: () => child.kill(),
  };
}

const rowProcesses = new Map();

/** One in-process cell of row `key`: in the row's own process, or here with BENCH_ISOLATE=0. */
function rowCell(key, uas, window) {
  if (!ISOLATE) return inProcessCell(SENDERS[key], uas, window);
  if (!rowProcesses.has(key)) rowProcesses.set(key, rowProcess(key));
  return rowProcesses.get(key).cell(uas, window);
}

const CONTENDERS = [
  { key: 'raw', name: 'raw npm sip', cell: (uas, w) => rowCell('raw', uas, w) },
  { key: 'sip-ua', name: '@messagesend/sip-ua', cell: (uas, w) => rowCell('sip-ua', uas, w) },
  { key: 'pjsip', name: 'router.send(pjsip:)', cell: (uas, w) => rowCell('pjsip', uas, w) },
  { key: 'sip', name: 'router.send(sip:)', cell: (uas, w) => rowCell('sip', uas, w) },
  {
    key: 'native',
    name: `native ceiling: SIPp UAC -r 100000 -l ${NATIVE_WINDOW}, ${NATIVE_MESSAGES} calls (any window)`,
    cell: (uas) => nativeCell(uas),
  },
];

export async function runSipThroughput() {
  const contenders = CONTENDERS.filter((c) => !ROWS || ROWS.includes(c.key));
  const rows = [];
  const warmups = [];
  for (const window of WINDOWS) {
    const results = new Map(contenders.map((c) => [c.key, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const contender of rotated(contenders, round)) {
        const uas = await startUas();
        try {
          const result = await contender.cell(uas, window);
          results.get(contender.key).push(result);
          if (result.warmedWith !== undefined) warmups.push(result.warmedWith);
        } finally {
          await uas.stop();
        }
      }
    }
    const layer = results.get('sip-ua');
    for (const contender of contenders) {
      const runs = results.get(contender.key);
      const pick = (field) => runs.map((run) => run[field] ?? Number.NaN);
      const fixed = (digits) => (v) => v.toFixed(digits);
      const ratios = layer ? runs.map((run, i) => run.rate / (layer[i]?.rate ?? Number.NaN)) : [];
      const whole = runs[0]?.wholeMs ? ' (whole ms)' : '';
      rows.push([
        contender.name,
        window,
        spread(pick('rate'), (v) => String(Math.round(v))),
        spread(ratios, (v) => `${v.toFixed(2)}x`),
        `${spread(pick('p50'), fixed(2))} / ${spread(pick('p99'), fixed(2))}${whole}`,
        spread(pick('cpuUsPerMessage'), fixed(1)),
        spread(pick('datagramsPerMessage'), fixed(3)),
        `${spread(pick('dropsOurs'), String)} / ${spread(pick('dropsUas'), String)}`,
        spread(pick('failures'), String),
        spread(pick('peakHeap'), (v) => `${(v / 1048576).toFixed(0)}`),
      ]);
    }
  }
  printTable(
    `SIP MESSAGE to a SIPp UAS over UDP loopback: ${TOTAL} timed messages per cell after a warm-up of ${Math.min(...warmups)}-${Math.max(...warmups)}, ` +
      `${ROUNDS} interleaved rounds, median [min-max] (Node ${process.version})`,
    [
      'sender',
      'window',
      'msg/s',
      'vs sip-ua',
      'p50 / p99 ms',
      'CPU µs/msg',
      'datagrams/msg',
      'kernel drops ours / UAS',
      'failed',
      'peak heap MB',
    ],
    rows,
  );
}

if (process.env.BENCH_ROW_PROCESS) {
  const open = SENDERS[process.env.BENCH_ROW_PROCESS];
  process.on('message', async ({ uas, window }) => process.send(await inProcessCell(open, uas, window)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runSipThroughput();
  } finally {
    for (const row of rowProcesses.values()) row.stop();
  }
}
