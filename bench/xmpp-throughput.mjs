// Chat messages from A to B through a real Prosody, in one run: router.send('xmpp:...') against raw
// @xmpp/client sending the same stanzas on one connection. Latency is from send to B's receipt.
import { createRouter } from '@messagesend/core';
import { startProsody } from '@messagesend/test-peers';
import xmppTechnology from '@messagesend/xmpp';
import { client, xml } from '@xmpp/client';
import { drive } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 5000);
const WARMUP = 500;
const WINDOWS = [1, 100];

const server = await startProsody({
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

// B: resolves the waiter registered for each body as it arrives.
const bob = await login('bob', 'bench');
const waiting = new Map();
bob.on('stanza', (stanza) => {
  const body = stanza.is('message') ? stanza.getChildText('body') : null;
  if (body !== null) waiting.get(body)?.();
});
const arrival = (body) =>
  new Promise((resolve) =>
    waiting.set(body, () => {
      waiting.delete(body);
      resolve(true);
    }),
  );

let n = 0;
async function measure(send, window) {
  const sendOne = async () => {
    const body = `m${++n}`;
    const arrived = arrival(body);
    await send(body);
    return arrived;
  };
  await drive(WARMUP, window, sendOne);
  return drive(TOTAL, window, sendOne);
}

const raw = await login('alice', 'raw');
const router = createRouter({
  techs: [
    xmppTechnology({
      config: `[alice]\ntype=client\nserverhost=${server.host}\nport=${server.port}\nusername=alice@${server.domain}/router\nsecret=alice-pw\nusetls=no\n`,
      ...(process.env.ACK_DELAY ? { ackRequestDelayMs: Number(process.env.ACK_DELAY) } : {}),
    }),
  ],
});
await router.send(`xmpp:bob@${server.domain}/bench`, { body: 'connect' }, { from: 'xmpp:alice' });

const contenders = [
  [
    'raw @xmpp/client',
    (body) =>
      raw.send(xml('message', { to: `bob@${server.domain}/bench`, type: 'chat' }, xml('body', {}, body))),
  ],
  [
    "router.send('xmpp:...')",
    async (body) => {
      const result = await router.send(`xmpp:bob@${server.domain}/bench`, { body }, { from: 'xmpp:alice' });
      if (result.status !== 'SUCCESS') throw new Error(result.detail);
    },
  ],
];
const rows = [];
for (const window of WINDOWS) {
  const rates = [];
  for (const [name, send] of contenders) {
    const result = await measure(send, window);
    rates.push(result.rate);
    rows.push([
      name,
      window,
      `${Math.round(result.rate)}/s`,
      result.p50.toFixed(2),
      result.p99.toFixed(2),
      `${((result.rate / rates[0]) * 100).toFixed(0)}%`,
    ]);
  }
}
printTable(
  `XMPP chat A to B through Prosody ${'0.12'}, ${TOTAL} messages per cell (Node ${process.version})`,
  ['sender', 'window', 'throughput', 'p50 ms', 'p99 ms', 'vs raw'],
  rows,
);
await router.close();
await Promise.all([raw.stop(), bob.stop()]);
await server.stop();
