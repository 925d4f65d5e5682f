// Bytes allocated per MESSAGE, by where they were allocated: sip-ua's stack.send() alone and
// router.send() through pjsip: and sip:, to one SIPp UAS over UDP loopback, window 10. V8's
// sampling heap profiler counts objects a GC has already collected as well (the include* flags),
// so its total over N sends is what the path allocates, not what it keeps.
//
//   BENCH_MESSAGES  sampled messages per sender (default 5000, after 2000 warm-up)
//   BENCH_WINDOW    sends in flight (default 10)
//   BENCH_TOP       allocation sites printed per sender (default 0: totals only)
import { Session } from 'node:inspector/promises';
import { drive } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';
import { openers, startUas } from './sip-throughput.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 5000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 10);
const TOP = Number(process.env.BENCH_TOP ?? 0);

const session = new Session();
session.connect();

/** Sums a sampling profile's self sizes, in total and by function and script position. */
function sumProfile(node, sites, path = '') {
  const frame = node.callFrame;
  const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-3).join('/')}:${frame.lineNumber + 1}`;
  let total = node.selfSize;
  if (node.selfSize > 0) sites.set(where, (sites.get(where) ?? 0) + node.selfSize);
  for (const child of node.children) total += sumProfile(child, sites, path);
  return total;
}

async function measure(name, open, uas) {
  const sender = await open(uas);
  try {
    await drive(2000, WINDOW, sender.sendOne);
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await drive(TOTAL, WINDOW, sender.sendOne);
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const sites = new Map();
    const total = sumProfile(profile.head, sites);
    return { name, perMessage: total / TOTAL, sites };
  } finally {
    await sender.close();
  }
}

const rows = [];
const results = [];
for (const [name, open] of Object.entries(openers)) {
  const uas = await startUas();
  try {
    const result = await measure(name, open, uas);
    results.push(result);
    rows.push([name, WINDOW, (result.perMessage / 1024).toFixed(2)]);
  } finally {
    await uas.stop();
  }
}
printTable(
  `Bytes allocated per MESSAGE (V8 sampling heap profiler, collected objects included), ${TOTAL} messages after 2000 warm-up (Node ${process.version})`,
  ['sender', 'window', 'KB allocated/msg'],
  rows,
);
for (const result of TOP > 0 ? results : []) {
  console.log(`\n${result.name}: top ${TOP} allocation sites, bytes per message`);
  const sorted = [...result.sites].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  for (const [where, bytes] of sorted) console.log(`${(bytes / TOTAL).toFixed(0).padStart(7)}  ${where}`);
}
session.disconnect();
