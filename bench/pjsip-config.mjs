// pjsip.conf at scale: load time and memory for 10,000 endpoints with their AORs, and the time to
// resolve a destination (classify + resolve + build, as a dry run) with 10 and with 10,000
// endpoints, which must not grow with the size of the configuration.
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
import { printTable } from './lib/table.mjs';

function conf(count) {
  const lines = [
    '[global]',
    'type=global',
    'default_outbound_endpoint=ep0',
    '[udp]',
    'type=transport',
    'protocol=udp',
    'bind=127.0.0.1:5060',
  ];
  for (let i = 0; i < count; i++) {
    lines.push(
      `[ep${i}]`,
      'type=endpoint',
      `aors=ep${i}`,
      'outbound_auth=auth0',
      `[ep${i}]`,
      'type=aor',
      `contact=sip:ep${i}@10.0.${(i >> 8) & 255}.${i & 255}:5060`,
    );
  }
  lines.push('[auth0]', 'type=auth', 'auth_type=userpass', 'username=u', 'password=p');
  return lines.join('\n');
}

async function measure(count) {
  const text = conf(count);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStart = performance.now();
  const tech = pjsip({ config: text });
  const loadMs = performance.now() - loadStart;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const router = createRouter({ techs: [tech] });
  const destinations = [
    `pjsip:ep${count - 1}`,
    `pjsip:ep${count >> 1}/sip:x@example.com`,
    'pjsip:sip:bob@example.com',
    `pjsip:PJSIP/100@ep${count - 1}`,
  ];
  const N = 20_000;
  for (let i = 0; i < 2_000; i++) await router.send(destinations[i % 4], { body: 'x' }, { dryRun: true });
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const result = await router.send(destinations[i % 4], { body: 'x' }, { dryRun: true });
    if (result.status !== 'SUCCESS') throw new Error(`${destinations[i % 4]}: ${result.reason}`);
  }
  const perDestinationUs = ((performance.now() - start) * 1000) / N;
  const classifyStart = performance.now();
  for (let i = 0; i < N; i++) tech.parse(destinations[i % 4]);
  const classifyUs = ((performance.now() - classifyStart) * 1000) / N;
  await router.close();
  return { count, bytes: text.length, loadMs, heapMb, perDestinationUs, classifyUs };
}

const rows = [];
for (const count of [10, 10_000]) {
  const r = await measure(count);
  rows.push([
    r.count.toLocaleString('en'),
    `${(r.bytes / 1024).toFixed(0)} KiB`,
    r.loadMs.toFixed(1),
    globalThis.gc ? r.heapMb.toFixed(1) : 'run with --expose-gc',
    r.classifyUs.toFixed(2),
    r.perDestinationUs.toFixed(2),
  ]);
}
printTable(
  `pjsip.conf at scale (Node ${process.version})`,
  [
    'endpoints + AORs',
    'pjsip.conf',
    'load ms',
    'heap MiB',
    'parse µs/destination',
    'dry-run send µs/destination',
  ],
  rows,
);
