// Router dispatch overhead: router.send() to the in-memory technology versus calling the same
// technology's send() directly with the same request, sequentially, in one run.
import { createRouter } from '@messagesend/core';
import { memoryTech } from '@messagesend/core/testing';
import { printTable } from './lib/table.mjs';

const N = 200_000;
const message = { body: 'hello', from: 'sip:bob@example.com' };

async function timeLoop(fn) {
  for (let i = 0; i < 20_000; i++) await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < N; i++) await fn();
  return ((performance.now() - start) * 1000) / N; // microseconds per call
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

printTable(
  `Router dispatch overhead, ${N.toLocaleString('en')} sequential sends (Node ${process.version})`,
  ['path', 'µs per send', 'overhead vs direct'],
  [
    ['memoryTech.send() direct (baseline)', directUs.toFixed(3), '-'],
    ['router.send() to memory', routedUs.toFixed(3), `${(routedUs - directUs).toFixed(3)} µs`],
    [
      'router.send() + await delivery',
      withDeliveryUs.toFixed(3),
      `${(withDeliveryUs - directUs).toFixed(3)} µs`,
    ],
  ],
);
await router.close();
