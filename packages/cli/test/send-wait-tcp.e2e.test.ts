import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `send --wait` over TCP, to a SIPp UAS: over a reliable transport nothing in the SIP stack holds
// the process while the response is awaited (no retransmission timer, the deadline's is unref'd),
// and the CLI used to exit 13 (Node's "unsettled top-level await") with nothing printed.

let uas: SippPeer;
let dir: string;

beforeAll(async () => {
  uas = await startSippUas({
    transport: 'tcp',
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-wait-tcp-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[tcp]\ntype=transport\nprotocol=tcp\nbind=127.0.0.1:0\n\n[bob]\ntype=endpoint\naors=bob\ntransport=tcp\n\n[bob]\ntype=aor\ncontact=${uas.uri('bob')}\n`,
  );
});

afterAll(async () => {
  await uas?.stop();
});

it('waits for the 202 and exits 0 with the delivery line', async () => {
  const run = await runCli([
    'send',
    'pjsip:bob',
    '--body',
    'over tcp',
    '--wait',
    '--timeout',
    '5',
    '--config-dir',
    dir,
  ]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(
    /SUCCESS pjsip:bob \(pjsip\)\n {2}delivery: delivered \(202 Accepted\) in \d+ ms/,
  );
  expect((await uas.waitForRequests(1))[0]?.transport).toMatch(/tcp/i);
});
