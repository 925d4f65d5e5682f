// Heap retained per completed UDP client transaction while Timer K (T4, 5 s) holds it, and after.
// Run with --expose-gc: node --expose-gc sip-transaction-memory.mjs
//   BENCH_MESSAGES (default 20000) sends at BENCH_WINDOW (default 100) to one SIPp UAS;
//   SIP_UA_MODULE: another build of @messagesend/sip-ua to measure (a path to its dist/index.js).
import { buildRequest as ownBuild, startSipStack as ownStart } from '@messagesend/sip-ua';
import { startUas } from './sip-throughput.mjs';
import { drive } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 20000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 100);
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
const stack = await startSipStack({ transports: [{ protocol: 'udp' }] });
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
  await new Promise((resolve) => setTimeout(resolve, 6500)); // the warm-up's Timer K ends
  const base = settledHeap();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const run = await drive(TOTAL, WINDOW, sendOne);
  clearInterval(sampler);
  const during = settledHeap();
  await new Promise((resolve) => setTimeout(resolve, 6500));
  const after = settledHeap();
  const perTx = (bytes) => `${Math.round(bytes / TOTAL)} B`;
  printTable(
    `Heap per completed UDP transaction, ${TOTAL} MESSAGEs at window ${WINDOW} to SIPp (${process.env.SIP_UA_MODULE ?? 'this build'})`,
    ['retained during Timer K', 'retained after Timer K', 'peak heap during run', 'failed', 'msg/s'],
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
