// pjsip.conf at scale: load time and memory for 10,000 endpoints with their AORs, and the time to
// resolve a destination (classify + resolve + build, as a dry run) with 10 and with 10,000
// endpoints, which must not grow with the size of the configuration, and to a phone registered
// from three places (its bindings are read on every send). "cold" loads in a fresh
// process (its first load: module code not yet compiled), median [min-max] of COLD_RUNS
// processes; "warm" is a second load in this process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);

// Child mode: one cold load, its milliseconds on stdout.
if (process.env.PJSIP_CONFIG_COLD) {
  const text = conf(Number(process.env.PJSIP_CONFIG_COLD));
  const start = performance.now();
  pjsip({ config: text });
  process.stdout.write(String(performance.now() - start));
  process.exit(0);
}

function coldLoads(count) {
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, PJSIP_CONFIG_COLD: String(count) },
    });
    runs.push(Number(out.toString()));
  }
  runs.sort((a, b) => a - b);
  return `${runs[runs.length >> 1].toFixed(1)} [${runs[0].toFixed(1)}-${runs[runs.length - 1].toFixed(1)}]`;
}

async function measure(count) {
  const text = conf(count);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStart = performance.now();
  const tech = pjsip({ config: text });
  const loadMs = performance.now() - loadStart;
  const warmStart = performance.now();
  pjsip({ config: text });
  const warmMs = performance.now() - warmStart;
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
  // A phone registered from three places (registered contacts come before ep0's static one).
  const binding = (i) => ({
    contact: `<sip:ep0@198.51.100.${i}:5060;transport=udp;ob>`,
    expiresAt: Date.now() + 3_600_000,
    callId: `c${i}`,
    cseq: 1,
    registeredAt: i,
  });
  tech.registrations.replace('ep0', [binding(1), binding(2), binding(3)]);
  for (let i = 0; i < 2_000; i++) await router.send('pjsip:ep0', { body: 'x' }, { dryRun: true });
  const registeredStart = performance.now();
  for (let i = 0; i < N; i++) {
    const result = await router.send('pjsip:ep0', { body: 'x' }, { dryRun: true });
    if (!result.preview?.includes('198.51.100.'))
      throw new Error(`pjsip:ep0 not sent to a registered contact`);
  }
  const registeredUs = ((performance.now() - registeredStart) * 1000) / N;
  const classifyStart = performance.now();
  for (let i = 0; i < N; i++) tech.parse(destinations[i % 4]);
  const classifyUs = ((performance.now() - classifyStart) * 1000) / N;
  await router.close();
  return { count, bytes: text.length, loadMs, warmMs, heapMb, perDestinationUs, registeredUs, classifyUs };
}

const rows = [];
for (const count of [10, 10_000]) {
  const r = await measure(count);
  rows.push([
    r.count.toLocaleString('en'),
    `${(r.bytes / 1024).toFixed(0)} KiB`,
    coldLoads(r.count),
    r.loadMs.toFixed(1),
    r.warmMs.toFixed(1),
    globalThis.gc ? r.heapMb.toFixed(1) : 'run with --expose-gc',
    r.classifyUs.toFixed(2),
    r.perDestinationUs.toFixed(2),
    r.registeredUs.toFixed(2),
  ]);
}
printTable(
  `pjsip.conf at scale (Node ${process.version})`,
  [
    'endpoints + AORs',
    'pjsip.conf',
    `cold load ms (fresh process, ${COLD_RUNS} runs)`,
    'first load ms (this process)',
    'warm load ms (second load)',
    'heap MiB',
    'parse µs/destination',
    'dry-run send µs/destination',
    'dry-run send µs to a phone registered 3 times',
  ],
  rows,
);
