// MESSAGE throughput and latency to one SIPp UAS over UDP loopback, window 1 and 200, in one run:
// @messagesend/sip-ua (all guards on) versus the raw npm `sip` stack versus SIPp as UAC (the
// native ceiling). Technologies built on sip-ua add their rows through `extraRows`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
import sipTechnology from '@messagesend/sip';
import { buildRequest, startSipStack } from '@messagesend/sip-ua';
import {
  makePeerDir,
  removePeerDir,
  requireCommand,
  startProcess,
  startSippUas,
  uasScenario,
} from '@messagesend/test-peers';
import sip from 'sip';
import { drive, percentiles } from './lib/sip-load.mjs';
import { printTable } from './lib/table.mjs';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 5000);
/** Untimed messages first, so the JIT has compiled the hot path of every in-process sender. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const WINDOWS = [1, 200];
const BODY = 'hello from the benchmark';

export async function startUas() {
  return startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 200, reason: 'OK' }] }], {
      timewaitMs: 4000,
    }),
    args: ['-max_recv_loops', '10000', '-max_sched_loops', '10000'],
    trace: false,
  });
}

async function ourLayer(uas, window) {
  const stack = await startSipStack({ transports: [{ protocol: 'udp' }] });
  const target = { protocol: 'udp', address: uas.host, port: uas.port };
  const uri = `sip:bob@${uas.host}:${uas.port}`;
  const sendOne = async () => {
    const request = buildRequest({
      method: 'MESSAGE',
      requestUri: uri,
      from: '<sip:alice@127.0.0.1>',
      to: `<${uri}>`,
      contentType: 'text/plain',
      body: BODY,
    });
    const outcome = await stack.send(request, { target }).outcome;
    return outcome.kind === 'response' && outcome.response.status === 200;
  };
  try {
    await drive(WARMUP, window, sendOne);
    return await drive(TOTAL, window, sendOne);
  } finally {
    await stack.close();
  }
}

/** router.send() through a technology, counting a message once its delivery report says delivered. */
function throughRouter(makeTech, destinationFor) {
  return async (uas, window) => {
    const router = createRouter({ techs: [makeTech(uas)] });
    const destination = destinationFor(uas);
    const sendOne = async () => {
      const result = await router.send(destination, { body: BODY });
      return result.status === 'SUCCESS' && (await result.delivery).outcome === 'delivered';
    };
    try {
      await drive(WARMUP, window, sendOne);
      return await drive(TOTAL, window, sendOne);
    } finally {
      await router.close();
    }
  };
}

const pjsipTech = throughRouter(
  (uas) =>
    pjsip({
      config: `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n[bob]\ntype=endpoint\naors=bob\n[bob]\ntype=aor\ncontact=sip:bob@${uas.host}:${uas.port}\n`,
    }),
  () => 'pjsip:bob',
);
const sipTech = throughRouter(
  () => sipTechnology({ config: '[general]\nbindaddr=127.0.0.1\nbindport=0\n' }),
  (uas) => `sip:bob@${uas.host}:${uas.port}`,
);

async function rawSipStack(uas, window) {
  // Trap: a Request-URI host equal to the stack's own hostname is answered 404 locally, so the
  // raw stack binds 127.0.0.2 while SIPp listens on 127.0.0.1.
  const port = 20000 + Math.floor(Math.random() * 20000);
  const stack = sip.create({ address: '127.0.0.2', port, tcp: false, publicAddress: '127.0.0.2' }, () => {});
  const uri = `sip:bob@${uas.host}:${uas.port}`;
  let n = 0;
  const sendOne = () =>
    new Promise((resolve) => {
      const guard = setTimeout(() => resolve(false), 32_000);
      stack.send(
        {
          method: 'MESSAGE',
          uri,
          headers: {
            to: { uri },
            from: { uri: 'sip:alice@127.0.0.2', params: { tag: `t${++n}` } },
            'call-id': `raw-${n}-${Date.now()}`,
            cseq: { method: 'MESSAGE', seq: 1 },
            'content-type': 'text/plain',
            'max-forwards': 70,
          },
          content: BODY,
        },
        (response) => {
          if (response.status < 200) return;
          clearTimeout(guard);
          resolve(response.status === 200);
        },
      );
    });
  try {
    await drive(WARMUP, window, sendOne);
    return await drive(TOTAL, window, sendOne);
  } finally {
    stack.destroy();
  }
}

async function sippUac(uas, window) {
  const dir = makePeerDir('sipp-bench');
  const scenario = join(dir, 'uac.xml');
  writeFileSync(
    scenario,
    `<?xml version="1.0" encoding="UTF-8"?>
<scenario name="uac-bench">
  <send retrans="500" start_rtd="1"><![CDATA[
MESSAGE sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bob@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 MESSAGE
Max-Forwards: 70
Content-Type: text/plain
Content-Length: [len]

${BODY}
]]></send>
  <recv response="200" rtd="1"/>
</scenario>
`,
  );
  const args = [
    '-sf',
    scenario,
    `${uas.host}:${uas.port}`,
    '-i',
    '127.0.0.1',
    '-p',
    '0',
    '-nostdin',
    '-m',
    String(TOTAL),
    '-l',
    String(window),
    '-r',
    '100000',
    '-recv_timeout',
    '10000',
    '-timeout',
    '120',
    '-trace_rtt',
    '-rtt_freq',
    '100',
  ];
  const started = performance.now();
  const run = startProcess('sipp uac bench', requireCommand('sipp'), args, { cwd: dir });
  const status = await run.exited;
  const seconds = (performance.now() - started) / 1000;
  const rttFile = readdirSync(dir).find((name) => name.endsWith('_rtt.csv'));
  const samples = rttFile
    ? readFileSync(join(dir, rttFile), 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(';')[1]))
        .filter(Number.isFinite)
    : [];
  removePeerDir(dir);
  // SIPp records response times in whole milliseconds.
  return {
    rate: TOTAL / seconds,
    ...percentiles(samples),
    failures: status.code === 0 ? 0 : `exit ${status.code}`,
    wholeMs: true,
  };
}

export async function runSipThroughput(extraRows = []) {
  const contenders = [
    ['@messagesend/sip-ua', ourLayer],
    ['raw npm sip stack', rawSipStack],
    ['SIPp UAC (native ceiling)', sippUac],
    ['router.send(pjsip:) + delivery', pjsipTech],
    ['router.send(sip:) + delivery', sipTech],
    ...extraRows,
  ];
  const rows = [];
  const rates = new Map();
  for (const window of WINDOWS) {
    for (const [name, run] of contenders) {
      const uas = await startUas();
      try {
        const result = await run(uas, window);
        rates.set(`${name}@${window}`, result.rate);
        const ms = (value) => (result.wholeMs ? `${value} (whole ms)` : value.toFixed(2));
        rows.push([
          name,
          window,
          `${Math.round(result.rate)}/s`,
          ms(result.p50),
          ms(result.p99),
          result.failures,
        ]);
      } finally {
        await uas.stop();
      }
    }
  }
  for (const row of rows) {
    const raw = rates.get(`raw npm sip stack@${row[1]}`);
    const layer = rates.get(`@messagesend/sip-ua@${row[1]}`);
    const mine = rates.get(`${row[0]}@${row[1]}`);
    row.push(
      raw ? `${((mine / raw) * 100).toFixed(0)}%` : '-',
      layer ? `${((mine / layer) * 100).toFixed(0)}%` : '-',
    );
  }
  printTable(
    `SIP MESSAGE to a SIPp UAS over UDP loopback, ${TOTAL} messages per cell (Node ${process.version})`,
    ['sender', 'window', 'throughput', 'p50 ms', 'p99 ms', 'failed', 'vs raw npm sip', 'vs sip-ua'],
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runSipThroughput();
