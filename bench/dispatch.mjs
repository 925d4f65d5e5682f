// Router dispatch overhead: router.send() to the in-memory technology versus calling the same
// technology's send() directly with the same request, sequentially, in one run.
import { createRouter } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';
import { printTable } from './lib/table.mjs';

const N = 200_000;
const message = { body: 'hello', from: 'sip:bob@example.com' };

/** Microseconds per call: wall time, and CPU time (steadier on a machine others load). */
async function timeLoop(fn) {
  for (let i = 0; i < 20_000; i++) await fn(); // warm-up
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - start) * 1000) / N, cpu: (used.user + used.system) / N };
}

const direct = memoryTech();
const request = {
  destination: 'memory:alice',
  target: { address: 'alice' },
  message,
  from: undefined,
  to: undefined,
  dryRun: false,
};
const context = { signal: new AbortController().signal, timeoutMs: 32_000, logger: console };
const directUs = await timeLoop(() => direct.send(request, context));
direct.sent.length = 0;

const routed = memoryTech();
const router = createRouter({ techs: [routed] });
const routedUs = await timeLoop(() => router.send('memory:alice', message));
routed.sent.length = 0;

const withDeliveryUs = await timeLoop(async () => (await router.send('memory:alice', message)).delivery);
routed.sent.length = 0;

const row = (name, us) => [
  name,
  us.wall.toFixed(3),
  `${(us.wall - directUs.wall).toFixed(3)} µs`,
  us.cpu.toFixed(3),
  `${(us.cpu - directUs.cpu).toFixed(3)} µs`,
];

printTable(
  `Router dispatch overhead, ${N.toLocaleString('en')} sequential sends (Node ${process.version})`,
  ['path', 'µs per send', 'overhead vs direct', 'CPU µs per send', 'CPU overhead'],
  [
    ['memoryTech.send() direct (baseline)', directUs.wall.toFixed(3), '-', directUs.cpu.toFixed(3), '-'],
    row('router.send() to memory', routedUs),
    row('router.send() + await delivery', withDeliveryUs),
  ],
);
await router.close();
