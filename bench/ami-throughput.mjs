// AMI MessageSend actions/s through a real AMI client (npm asterisk-ami-client) over loopback,
// beside calling the same `send` function directly, at concurrency 1 and 50, in one run:
// to the in-memory technology (the AMI layer's own cost) and through pjsip to a SIPp UAS.
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { createRouter } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';
import { createAmiServer, readManagerConf } from '@messagesend/gateway';
import pjsip from '@messagesend/pjsip';
import { freePort, startSippUas, uasScenario } from '@messagesend/test-peers';
import { printTable } from './lib/table.mjs';

const require = createRequire(import.meta.url);
const AmiClient = require('asterisk-ami-client');

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 4000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const CONCURRENCY = [1, 50];

/** MessageSend's From/To are the send's from argument and To override, as the gateway wires them. */
const sendThrough = (router) => (destination, message) =>
  router.send(destination, { body: message.body }, message.from === undefined ? {} : { from: message.from });

/** Runs `one(i)` TOTAL times with `concurrency` in flight; returns per second (after a warm-up). */
async function drive(one, concurrency, total = TOTAL) {
  const run = async (count) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const result = await one(i);
        if (result !== true) throw new Error(`send ${i} failed: ${JSON.stringify(result)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(WARMUP);
  const start = performance.now();
  await run(total);
  return (total * 1000) / (performance.now() - start);
}

async function amiServer(send) {
  const port = await freePort();
  const { config } = readManagerConf(
    `[general]\nenabled=yes\nport=${port}\nbindaddr=127.0.0.1\n[bench]\nsecret=bench-secret\nwrite=message\n`,
    'manager.conf',
  );
  const server = createAmiServer({ config, send });
  await server.start();
  return { server, port };
}

async function amiClients(port, count) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = new AmiClient({ reconnect: false, keepAlive: false });
      await client.connect('bench', 'bench-secret', { host: '127.0.0.1', port });
      return client;
    }),
  );
}

/**
 * A minimal pipelined AMI client on a bare socket (responses matched by ActionID): shows how much
 * of the AMI cost is the npm client's own parsing rather than the server.
 */
async function rawClient(port) {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  const waiting = new Map();
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
      const packet = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      const id = /\r\nActionID: ([^\r]*)/.exec(packet)?.[1];
      waiting.get(id)?.(packet);
      waiting.delete(id);
    }
  });
  const request = (id, text) =>
    new Promise((resolve) => {
      waiting.set(id, resolve);
      socket.write(`${text}ActionID: ${id}\r\n\r\n`);
    });
  await new Promise((resolve) => socket.once('data', resolve)); // banner
  await request('login', 'Action: Login\r\nUsername: bench\r\nSecret: bench-secret\r\n');
  return {
    action: async (destination) => {
      const packet = await request(
        `r${actionId++}`,
        `Action: MessageSend\r\nDestination: ${destination}\r\nFrom: sip:bench@127.0.0.1\r\nBody: hello from the benchmark\r\n`,
      );
      return packet.startsWith('Response: Success') || packet;
    },
    disconnect: () => socket.destroy(),
  };
}

let actionId = 0;
const viaAmi = (clients, destination) => async (i) => {
  const client = clients[i % clients.length];
  const response = await client.action(
    {
      Action: 'MessageSend',
      ActionID: `b${actionId++}`,
      Destination: destination,
      From: 'sip:bench@127.0.0.1',
      Body: 'hello from the benchmark',
    },
    true,
  );
  return response.Response === 'Success' || response;
};
const direct = (send, destination) => async () => {
  const result = await send(destination, { body: 'hello from the benchmark', from: 'sip:bench@127.0.0.1' });
  return result.status === 'SUCCESS' || result;
};

async function measure(label, send, destination) {
  const rows = [];
  const { server, port } = await amiServer(send);
  const one = await amiClients(port, 1);
  const fifty = await amiClients(port, 50);
  const raw = await rawClient(port);
  const rawFifty = await Promise.all(Array.from({ length: 50 }, () => rawClient(port)));
  for (const concurrency of CONCURRENCY) {
    const directRate = await drive(direct(send, destination), concurrency);
    const sameConnection = await drive(viaAmi(one, destination), concurrency);
    const rawRate = await drive(() => raw.action(destination), concurrency);
    const row = [
      label,
      concurrency,
      Math.round(directRate),
      Math.round(rawRate),
      (rawRate / directRate).toFixed(2),
      Math.round(sameConnection),
      (sameConnection / directRate).toFixed(2),
    ];
    if (concurrency > 1) {
      const manyConnections = await drive(viaAmi(fifty, destination), concurrency);
      const rawMany = await drive((i) => rawFifty[i % 50].action(destination), concurrency);
      row.push(
        Math.round(manyConnections),
        (manyConnections / directRate).toFixed(2),
        Math.round(rawMany),
        (rawMany / directRate).toFixed(2),
      );
    } else row.push('-', '-', '-', '-');
    rows.push(row);
  }
  for (const client of [...one, ...fifty, raw, ...rawFifty]) client.disconnect();
  await server.close();
  return rows;
}

const rows = [];
const memory = memoryTech();
const memoryRouter = createRouter({ techs: [memory] });
rows.push(...(await measure('memory', sendThrough(memoryRouter), 'memory:alice')));
await memoryRouter.close();

const uas = await startSippUas({
  scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }], {
    timewaitMs: 4000,
  }),
  args: ['-max_recv_loops', '10000', '-max_sched_loops', '10000'],
  trace: false,
});
try {
  const sipRouter = createRouter({
    techs: [
      pjsip({
        config: `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n[bob]\ntype=endpoint\naors=bob\n[bob]\ntype=aor\ncontact=sip:bob@${uas.host}:${uas.port}\n`,
      }),
    ],
  });
  rows.push(...(await measure('pjsip -> SIPp UAS', sendThrough(sipRouter), 'pjsip:bob')));
  await sipRouter.close();
} finally {
  await uas.stop();
}

printTable(
  `AMI MessageSend, ${TOTAL.toLocaleString('en')} actions per cell (Node ${process.version}); asterisk-ami-client over loopback vs calling send() directly`,
  [
    'technology',
    'in flight',
    'direct send/s',
    'bare socket, 1 conn/s',
    'ratio',
    'asterisk-ami-client, 1 conn/s',
    'ratio',
    'asterisk-ami-client, 50 conns/s',
    'ratio',
    'bare socket, 50 conns/s',
    'ratio',
  ],
  rows,
);
