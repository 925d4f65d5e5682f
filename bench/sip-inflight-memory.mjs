// Heap held per send in flight: N MESSAGEs sent at once to a peer that has stopped answering,
// read from two heap snapshots (before and while they wait), per sender: the raw npm `sip` stack,
// @messagesend/sip-ua, router.send() through pjsip: and sip:. At a high window this is what every
// scavenge copies and what gets promoted, so it drives GC time and peak heap. Run with --expose-gc:
//   node --expose-gc sip-inflight-memory.mjs
//   BENCH_PENDING  sends in flight (default 1000: with pacing, 16 on the wire and the rest queued)
//   BENCH_TOP      kinds of object listed per sender (default 6)
//
// The peer is a UDP socket of this process that answers 200 during warm-up and then drops
// everything: a silent peer is the case being measured, and SIPp cannot be told to go quiet.
import dgram from 'node:dgram';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { printTable } from './lib/table.mjs';
import { openers, openRawSip } from './sip-throughput.mjs';

const PENDING = Number(process.env.BENCH_PENDING ?? 1000);
const TOP = Number(process.env.BENCH_TOP ?? 6);
if (!globalThis.gc) throw new Error('run with node --expose-gc');

const peer = dgram.createSocket('udp4');
await new Promise((resolve) => peer.bind(0, '127.0.0.1', resolve));
let answering = true;
peer.on('message', (bytes, from) => {
  if (!answering) return;
  const lines = bytes.toString('latin1').split('\r\n');
  const echoed = lines.filter((line) => /^(Via|From|To|Call-ID|CSeq)\s*:/i.test(line));
  peer.send(`SIP/2.0 200 OK\r\n${echoed.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`, from.port, from.address);
});
const uas = { host: '127.0.0.1', port: peer.address().port };

/** Self size by kind of object (constructor name, or the snapshot's node type), summed. */
function sizesByKind() {
  globalThis.gc();
  const file = v8.writeHeapSnapshot(join(tmpdir(), `inflight-${process.pid}-${Date.now()}.heapsnapshot`));
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file);
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const kinds = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const t = types[snapshot.nodes[i + type]];
    const kind =
      t === 'object' ? snapshot.strings[snapshot.nodes[i + name]] : t === 'closure' ? 'closures' : `(${t})`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + snapshot.nodes[i + size]);
  }
  return kinds;
}

const senders = { 'raw npm sip': openRawSip, ...openers };
const rows = [];
for (const [name, open] of Object.entries(senders)) {
  const sender = await open(uas);
  answering = true;
  for (let i = 0; i < 300; i++) await sender.sendOne();
  // Past Timer K (T4 = 5 s), so the warm-up's completed transactions are gone from both snapshots.
  await new Promise((resolve) => setTimeout(resolve, 5500));
  answering = false;
  const before = sizesByKind();
  const pending = Array.from({ length: PENDING }, () => sender.sendOne());
  await new Promise((resolve) => setTimeout(resolve, 200));
  const during = sizesByKind();
  const grown = [...during]
    .map(([kind, bytes]) => [kind, bytes - (before.get(kind) ?? 0)])
    .filter(([, bytes]) => bytes !== 0);
  const total = grown.reduce((sum, [, bytes]) => sum + bytes, 0);
  const top = grown
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([kind, bytes]) => `${kind} ${Math.round(bytes / PENDING)}`)
    .join(', ');
  rows.push([name, PENDING, Math.round(total / PENDING), top]);
  answering = true;
  await sender.close();
  await Promise.allSettled(pending);
}
peer.close();

printTable(
  `Heap held per send in flight: ${PENDING} MESSAGEs pending to a peer gone silent (heap snapshots, Node ${process.version})`,
  ['sender', 'pending', 'bytes per pending send', `largest kinds (bytes per send)`],
  rows,
);
