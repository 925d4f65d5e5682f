// The message dialplan's cost: a three-priority forwarding context run by @messagesend/dialplan
// versus router.onMessage code doing the same forward, both SIP -> XMPP over the in-memory
// technology, in one run. Latency: receive() until the outbound send has settled, one message
// at a time. Throughput: N messages handed in at once, until the last forward has settled.
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

async function latencyUs(kind) {
  const { sip, xmpp, router, forwarded } = setup(kind);
  const once = async () => {
    const done = forwarded();
    await sip.receive(inbound);
    await done;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const start = performance.now();
  for (let i = 0; i < LATENCY_N; i++) await once();
  const us = ((performance.now() - start) * 1000) / LATENCY_N;
  if (xmpp.sent.length !== WARMUP + LATENCY_N) throw new Error(`${kind}: ${xmpp.sent.length} forwards`);
  await router.close();
  return us;
}

async function perSecond(kind) {
  const { sip, xmpp, router, runner } = setup(kind);
  const start = performance.now();
  const answers = [];
  for (let i = 0; i < THROUGHPUT_N; i++) answers.push(sip.receive(inbound));
  await Promise.all(answers);
  if (runner) await runner.idle();
  const rate = THROUGHPUT_N / ((performance.now() - start) / 1000);
  if (xmpp.sent.length !== THROUGHPUT_N) throw new Error(`${kind}: ${xmpp.sent.length} forwards`);
  await router.close();
  return rate;
}

/** The interpreter alone: runs/s of the same context with a send that settles at once. */
async function interpreterRunsPerSecond() {
  const { dialplan } = loadDialplan({ text: EXTENSIONS });
  const runner = createDialplanRunner({
    dialplan,
    maxQueue: THROUGHPUT_N,
    send: async () => ({ status: 'SUCCESS' }),
  });
  const item = { context: 'messages', exten: '1000', message: inbound };
  const start = performance.now();
  for (let i = 0; i < THROUGHPUT_N; i++) runner.accept(item);
  await runner.idle();
  const rate = THROUGHPUT_N / ((performance.now() - start) / 1000);
  if (runner.stats().outcomes.hangup !== THROUGHPUT_N) throw new Error('runs missing');
  return rate;
}

// Alternate the two so a load change on the shared machine hits both.
const codeUs = await latencyUs('code');
const dialplanUs = await latencyUs('dialplan');
const codeRate = await perSecond('code');
const dialplanRate = await perSecond('dialplan');
const interpreterRate = await interpreterRunsPerSecond();

printTable(
  `SIP -> XMPP forward over the memory technology (Node ${process.version}); latency over ${LATENCY_N.toLocaleString('en')} sequential messages, rate over ${THROUGHPUT_N.toLocaleString('en')} at once`,
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
