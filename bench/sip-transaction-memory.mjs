// Heap retained per completed UDP client transaction while Timer K holds it, and after. T4 is
// BENCH_T4 ms (default 10 min, so every transaction of the run is still in Timer K when the heap is
// read; BENCH_T4=5000 gives the real Timer K and a realistic peak). Run with --expose-gc:
//   node --expose-gc sip-transaction-memory.mjs
//   BENCH_MESSAGES (default 20000) sends at BENCH_WINDOW (default 100) to one SIPp UAS;
//   SIP_UA_MODULE: another build of @messagesend/sip-ua to measure (a path to its dist/index.js).
import { buildRequest as ownBuild, startSipStack as ownStart } from '@messagesend/sip-ua';
import { drive } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';
import { startUas } from './sip-throughput.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 20000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 100);
const T4 = Number(process.env.BENCH_T4 ?? 600_000);
const { buildRequest, startSipStack } = process.env.SIP_UA_MODULE
  ? await import(process.env.SIP_UA_MODULE)
  : { buildRequest: ownBuild, startSipStack: ownStart };

if (!globalThis.gc) throw new Error('run with node --expose-gc');
const settledHeap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const uas = await startUas();
const stack = await startSipStack({ transports: [{ protocol: 'udp' }], timers: { t4: T4 } });
const uri = `sip:bob@${uas.host}:${uas.port}`;
const target = { protocol: 'udp', address: uas.host, port: uas.port };
const sendOne = async () => {
  const request = buildRequest({
    method: 'MESSAGE',
    requestUri: uri,
    from: '<sip:alice@127.0.0.1>',
    to: `<${uri}>`,
    contentType: 'text/plain',
    body: 'hello',
  });
  const outcome = await stack.send(request, { target }).outcome;
  return outcome.kind === 'response' && outcome.response.status === 200;
};
try {
  await drive(1000, WINDOW, sendOne);
  const base = settledHeap(); // the warm-up's transactions stay in Timer K: part of the baseline
  const perWarmup = 1000;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const run = await drive(TOTAL, WINDOW, sendOne);
  clearInterval(sampler);
  const during = settledHeap();
  await stack.close();
  const after = settledHeap();
  const perTx = (bytes) => `${Math.round(bytes / TOTAL)} B`;
  printTable(
    `Heap per completed UDP transaction (${perWarmup} warm-up sends before the baseline), ${TOTAL} MESSAGEs at window ${WINDOW} to SIPp (${process.env.SIP_UA_MODULE ?? 'this build'})`,
    [
      `retained per transaction in Timer K (T4 ${T4} ms)`,
      'retained after close()',
      'peak heap during run',
      'failed',
      'msg/s',
    ],
    [
      [
        perTx(during - base),
        perTx(after - base),
        `${(peak / 1048576).toFixed(0)} MB`,
        run.failures,
        Math.round(run.rate),
      ],
    ],
  );
} finally {
  await stack.close();
  await uas.stop();
}
