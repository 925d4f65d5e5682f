// The message dialplan's cost: a three-priority forwarding context run by @messagesend/dialplan
// versus router.onMessage code doing the same forward, both SIP -> XMPP over the in-memory
// technology, in one run. Latency: receive() until the outbound send has settled, one message
// at a time. Throughput: messages handed in at once, until the last forward has settled. The
// paths alternate in rounds, so load from others on the machine hits both alike.
import { createRouter } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';
import { createDialplanRunner, loadDialplan } from '@messagesend/dialplan';
import { printTable } from './lib/table.mjs';

const LATENCY_N = 20_000;
const THROUGHPUT_N = 50_000;
const WARMUP = 5_000;
const EXTENSIONS = `
[messages]
exten => 1000,1,NoOp(\${MESSAGE(from)})
 same => n,MessageSend(xmpp:bob@localhost,xmpp:asterisk)
 same => n,Hangup()
`;
const inbound = {
  body: 'hello bob',
  from: 'sip:alice@example.com',
  to: 'sip:1000@pbx',
  destination: 'sip:alice',
};

/** A router with sip and xmpp memory technologies; `forwarded` resolves each time a forward settles. */
function setup(kind) {
  const sip = memoryTech({ name: 'sip' });
  const xmpp = memoryTech({ name: 'xmpp' });
  const router = createRouter({ techs: [sip, xmpp] });
  let settled = () => {};
  const forwarded = () => new Promise((resolve) => (settled = resolve));
  let runner;
  if (kind === 'code') {
    router.onMessage(async (m) => {
      if (m.to !== 'sip:1000@pbx') return false;
      await router.send(
        'xmpp:bob@localhost',
        { body: m.body, from: m.from, to: m.to },
        { from: 'xmpp:asterisk' },
      );
      settled();
    });
  } else {
    const { dialplan, warnings } = loadDialplan({ text: EXTENSIONS });
    if (warnings.length > 0) throw new Error(JSON.stringify(warnings));
    runner = createDialplanRunner({
      dialplan,
      maxQueue: THROUGHPUT_N + WARMUP,
      send: async (destination, message, options) => {
        const result = await router.send(destination, message, options);
        settled();
        return result;
      },
    });
    router.onMessage((m) =>
      runner.accept({ context: 'messages', exten: m.to.replace(/^sip:([^@]*)@.*$/, '$1'), message: m }),
    );
  }
  return { sip, xmpp, router, runner, forwarded };
}

const ROUNDS = 10;

/** µs per forward, one message at a time, over `count` messages on a set-up router. */
async function latencyRound(bench, count) {
  const once = async () => {
    const done = bench.forwarded();
    await bench.sip.receive(inbound);
    await done;
  };
  const start = performance.now();
  for (let i = 0; i < count; i++) await once();
  return performance.now() - start;
}

/** Forwards/s with `count` messages handed in at once. */
async function rateRound(bench, count) {
  const before = bench.xmpp.sent.length;
  const start = performance.now();
  const answers = [];
  for (let i = 0; i < count; i++) answers.push(bench.sip.receive(inbound));
  await Promise.all(answers);
  if (bench.runner) await bench.runner.idle();
  const ms = performance.now() - start;
  if (bench.xmpp.sent.length - before !== count) throw new Error('forwards missing');
  return ms;
}

/** The interpreter alone: the same context with a send that settles at once, no router. */
async function interpreterRound(count) {
  const { dialplan } = loadDialplan({ text: EXTENSIONS });
  const runner = createDialplanRunner({
    dialplan,
    maxQueue: count,
    send: async () => ({ status: 'SUCCESS' }),
  });
  const item = { context: 'messages', exten: '1000', message: inbound };
  const start = performance.now();
  for (let i = 0; i < count; i++) runner.accept(item);
  await runner.idle();
  const ms = performance.now() - start;
  if (runner.stats().outcomes.hangup !== count) throw new Error('runs missing');
  return ms;
}

// Rounds alternate between the two paths, so a load change on the shared machine hits both.
const code = setup('code');
const viaDialplan = setup('dialplan');
await latencyRound(code, WARMUP);
await latencyRound(viaDialplan, WARMUP);
const totals = { codeLatency: 0, dialplanLatency: 0, codeRate: 0, dialplanRate: 0, interpreter: 0 };
for (let round = 0; round < ROUNDS; round++) {
  totals.codeLatency += await latencyRound(code, LATENCY_N / ROUNDS);
  totals.dialplanLatency += await latencyRound(viaDialplan, LATENCY_N / ROUNDS);
  totals.codeRate += await rateRound(code, THROUGHPUT_N / ROUNDS);
  totals.dialplanRate += await rateRound(viaDialplan, THROUGHPUT_N / ROUNDS);
  totals.interpreter += await interpreterRound(THROUGHPUT_N / ROUNDS);
}
await code.router.close();
await viaDialplan.router.close();
const codeUs = (totals.codeLatency * 1000) / LATENCY_N;
const dialplanUs = (totals.dialplanLatency * 1000) / LATENCY_N;
const perSecond = (ms) => THROUGHPUT_N / (ms / 1000);
const codeRate = perSecond(totals.codeRate);
const dialplanRate = perSecond(totals.dialplanRate);
const interpreterRate = perSecond(totals.interpreter);

printTable(
  `SIP -> XMPP forward over the memory technology (Node ${process.version}); latency over ${LATENCY_N.toLocaleString('en')} sequential messages, rate over ${THROUGHPUT_N.toLocaleString('en')} in ${ROUNDS} rounds of ${(THROUGHPUT_N / ROUNDS).toLocaleString('en')} at once; the paths alternate round by round`,
  ['path', 'µs per forward (sequential)', 'forwards/s (queued)'],
  [
    ['router.onMessage code (baseline)', codeUs.toFixed(2), Math.round(codeRate).toLocaleString('en')],
    [
      'dialplan: NoOp, MessageSend, Hangup',
      dialplanUs.toFixed(2),
      Math.round(dialplanRate).toLocaleString('en'),
    ],
    [
      'dialplan alone (send settles at once, no router)',
      '-',
      Math.round(interpreterRate).toLocaleString('en'),
    ],
    [
      'added by the dialplan',
      `+${(dialplanUs - codeUs).toFixed(2)} µs`,
      `${(dialplanRate / codeRate).toFixed(2)}x of code`,
    ],
  ],
);
