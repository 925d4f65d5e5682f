// Chat messages from A to B through a real Prosody, in one run: router.send('xmpp:...') against raw
// @xmpp/client sending the same stanzas on one connection. Latency is from send to B's receipt.
// Nagle's algorithm is off on every socket that carries the messages: the router's (as it always
// is), the raw client's (the same socket option, so the rows compare code) and Prosody's
// (BENCH_PROSODY_NAGLE=on keeps Prosody's default): with it on, a stanza to B waits for B's
// delayed ACK (up to 40 ms) whenever the one before is unacknowledged, and those stalls, not
// either sender, decide the rate (measured: raw 4.0-12.5k/s from one round to the next).
// Rounds are interleaved (A B, then B A, ...) so the machine's load drifts over both alike; each
// cell prints the median and [min-max] over the rounds, and "vs raw" is the median of each
// round's own ratio.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createRouter } from '@messagesend/core';
import { runningPeers, startProsody } from '@messagesend/test-peers';
import xmppTechnology from '@messagesend/xmpp';
import { client, xml } from '@xmpp/client';
import { cpuMicros } from './lib/proc-cpu.mjs';
import { drive } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 10000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Untimed messages per sender before each window's rounds. With 500 the first round still carried
// the JIT's warm-up: the raw row's CPU per message ranged 13-27 µs over the rounds (with 5000,
// 13-17 µs), and the ratio swung with whichever row ran first.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5000);
const WINDOWS = (process.env.BENCH_WINDOWS ?? '1,100').split(',').map(Number);

const prosodyNagle = process.env.BENCH_PROSODY_NAGLE === 'on';
const server = await startProsody({
  nagle: prosodyNagle,
  users: [
    { name: 'alice', password: 'alice-pw' },
    { name: 'bob', password: 'bob-pw' },
  ],
});
const login = async (name, resource) => {
  const entity = client({
    service: server.service,
    domain: server.domain,
    username: name,
    password: `${name}-pw`,
    resource,
  });
  entity.on('error', () => {});
  await entity.start();
  await entity.send(xml('presence'));
  return entity;
};

// B, in its own process (lib/xmpp-recipient.mjs): resolves the waiter registered for each body
// as B reports it.
const bob = fork(fileURLToPath(new URL('./lib/xmpp-recipient.mjs', import.meta.url)), [
  server.service,
  server.domain,
  'bench',
]);
const waiting = new Map();
await new Promise((resolve, reject) => {
  bob.once('exit', (code) => reject(new Error(`the recipient exited (${code}) before logging in`)));
  bob.on('message', (bodies) => {
    if (bodies === 'online') return resolve();
    for (const body of bodies) waiting.get(body)?.();
  });
});
const arrival = (body) =>
  new Promise((resolve) =>
    waiting.set(body, () => {
      waiting.delete(body);
      resolve(true);
    }),
  );

let n = 0;
function measure(send, window, total) {
  return drive(total, window, async () => {
    const body = `m${++n}`;
    const arrived = arrival(body);
    await send(body);
    return arrived;
  });
}

const raw = await login('alice', 'raw');
raw.socket.setNoDelay(true);
const router = createRouter({
  techs: [
    xmppTechnology({
      config: `[alice]\ntype=client\nserverhost=${server.host}\nport=${server.port}\nusername=alice@${server.domain}/router\nsecret=alice-pw\nusetls=no\n`,
      ...(process.env.ACK_DELAY ? { ackRequestDelayMs: Number(process.env.ACK_DELAY) } : {}),
    }),
  ],
});
await router.send(`xmpp:bob@${server.domain}/bench`, { body: 'connect' }, { from: 'xmpp:alice' });

// Every router send's delivery report is awaited too (after B got the message), so a report that
// never settles or settles late shows up in the failures column, not as speed. Counted as each
// settles, not kept in an array until the round ends: keeping thousands of settled results alive
// made the router row pay the bench's own garbage collection.
const reports = { pending: 0, undelivered: 0, idle: undefined, generation: 0 };
const tally = (delivery) => {
  reports.pending++;
  const generation = reports.generation;
  delivery.then((report) => {
    // One that settles after the 60 s bound below was already counted as not delivered.
    if (generation !== reports.generation) return;
    if (report.outcome !== 'delivered') reports.undelivered++;
    if (--reports.pending === 0) reports.idle?.();
  });
};
/** Resolves once every report counted so far has settled, or after 60 s (the rest count as not delivered). */
const reportsSettled = () =>
  new Promise((resolve) => {
    if (reports.pending === 0) return resolve();
    const timer = setTimeout(() => {
      reports.undelivered += reports.pending;
      reports.pending = 0;
      reports.generation++;
      reports.idle = undefined;
      resolve();
    }, 60_000);
    reports.idle = () => {
      clearTimeout(timer);
      reports.idle = undefined;
      resolve();
    };
  });
const contenders = [
  [
    'raw @xmpp/client',
    // The stanza the router writes (R4.3): type, to, from (Asterisk's too) and an id. Without
    // from and id the server does less per message (Prosody checks the from JID): measured here,
    // about 20-30 µs of Prosody's CPU per message, which is not the router's to save.
    (body) =>
      raw.send(
        xml(
          'message',
          { type: 'chat', to: `bob@${server.domain}/bench`, from: raw.jid.toString(), id: `raw-${body}` },
          xml('body', {}, body),
        ),
      ),
  ],
  [
    "router.send('xmpp:...')",
    async (body) => {
      const result = await router.send(`xmpp:bob@${server.domain}/bench`, { body }, { from: 'xmpp:alice' });
      if (result.status !== 'SUCCESS') throw new Error(result.detail);
      tally(result.delivery);
    },
  ],
];

/**
 * Resolves once the server has acknowledged everything the raw client sent, or after 10 s. It asks
 * only after 250 ms without a send, and settling a backlog of 10,000 blocks this process for up to
 * 100-250 ms (its ack queue's Array shift()): in the next row's round, that stall was counted
 * against the router.
 */
async function rawAcked() {
  const bound = Date.now() + 10_000;
  while (raw.streamManagement.outbound_q.length > 0 && Date.now() < bound)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The Prosody process this run started. */
const prosodyPid = () => runningPeers().find((peer) => peer.name.startsWith('prosody'))?.pid ?? -1;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values, digits = 0) =>
  `${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}]`;

const rows = [];
for (const window of WINDOWS) {
  for (const [, send] of contenders) await measure(send, window, WARMUP);
  const cells = contenders.map(() => ({ rate: [], p50: [], p99: [], server: [], sender: [] }));
  const ratios = [];
  reports.undelivered = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    const rates = [];
    for (const index of order) {
      // The server's CPU per message too: it is the other half of the work (two CPUs here).
      const pid = prosodyPid();
      const serverBefore = cpuMicros(pid) ?? 0;
      const senderBefore = process.cpuUsage();
      const result = await measure(contenders[index][1], window, TOTAL);
      const sender = process.cpuUsage(senderBefore);
      cells[index].server.push(((cpuMicros(pid) ?? serverBefore) - serverBefore) / TOTAL);
      cells[index].sender.push((sender.user + sender.system) / TOTAL);
      rates[index] = result.rate;
      cells[index].rate.push(result.rate);
      cells[index].p50.push(result.p50);
      cells[index].p99.push(result.p99);
      if (index === 0) await rawAcked();
    }
    ratios.push(rates[1] / rates[0]);
    await reportsSettled();
  }
  for (const [index, [name]] of contenders.entries()) {
    const cell = cells[index];
    rows.push([
      name,
      window,
      `${spread(cell.rate)}/s`,
      spread(cell.p50, 2),
      spread(cell.p99, 2),
      spread(cell.sender, 1),
      spread(cell.server, 1),
      index === 0 ? '1.00' : spread(ratios, 2),
      index === 0 ? '-' : String(reports.undelivered),
    ]);
  }
}
printTable(
  `XMPP chat A to B through Prosody 0.12 (its Nagle ${prosodyNagle ? 'on' : 'off'}), ${ROUNDS} interleaved rounds of ${TOTAL} messages per cell, median [min-max] (Node ${process.version})`,
  [
    'sender',
    'window',
    'throughput',
    'p50 ms',
    'p99 ms',
    'sender CPU µs/msg',
    'Prosody CPU µs/msg',
    'vs raw',
    'reports not delivered',
  ],
  rows,
);
await router.close();
bob.removeAllListeners('exit');
bob.disconnect();
await Promise.all([raw.stop(), once(bob, 'exit')]);
await server.stop();
