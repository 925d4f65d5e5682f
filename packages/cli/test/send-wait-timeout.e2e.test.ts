import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `send --wait --timeout 2` to a UAS that never answers: the status reason is the wait's
// DELIVERY_TIMEOUT, and the delivery report, printed with it, carries the SIP technology's own
// SIP_TIMEOUT (its deadline ended the transaction, not the router's fallback TECH_TIMEOUT).

let silent: SippPeer;
let dir: string;

beforeAll(async () => {
  silent = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE' }]) });
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-wait-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[quiet]\ntype=endpoint\naors=quiet\n\n[quiet]\ntype=aor\ncontact=sip:quiet@127.0.0.1:${silent.port}\n`,
  );
  writeFileSync(join(dir, 'list.txt'), 'pjsip:quiet\n');
});

afterAll(async () => {
  await silent?.stop();
});

const send = (...flags: string[]) =>
  runCli([
    'send',
    'pjsip:quiet',
    '--body',
    'anyone there?',
    '--wait',
    '--timeout',
    '2',
    '--config-dir',
    dir,
    ...flags,
  ]);

it('text: FAILURE DELIVERY_TIMEOUT, and the report line with SIP_TIMEOUT (exit 1)', async () => {
  const run = await send();
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(
    /FAILURE pjsip:quiet \(pjsip\)\n {2}reason: DELIVERY_TIMEOUT - no final response/,
  );
  expect(run.stdout).toMatch(
    new RegExp(
      `  delivery: timeout \\(SIP_TIMEOUT no final response from UDP 127\\.0\\.0\\.1:${silent.port}\\) in \\d+ ms`,
    ),
  );
  expect(run.stdout).not.toContain('TECH_TIMEOUT');
});

it('--json: the delivery object with code SIP_TIMEOUT beside reason DELIVERY_TIMEOUT', async () => {
  const run = await send('--json');
  expect(run.code).toBe(1);
  const result = JSON.parse(run.stdout) as {
    status: string;
    reason: string;
    delivery?: { outcome: string; code: string };
  };
  expect(result).toMatchObject({
    status: 'FAILURE',
    reason: 'DELIVERY_TIMEOUT',
    delivery: { outcome: 'timeout', code: 'SIP_TIMEOUT' },
  });
});

it('--each with --wait: the failure row names SIP_TIMEOUT too', async () => {
  const run = await runCli([
    'send',
    '--each',
    join(dir, 'list.txt'),
    '--body',
    'x',
    '--wait',
    '--timeout',
    '2',
    '--config-dir',
    dir,
  ]);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/1 +pjsip:quiet +FAILURE +DELIVERY_TIMEOUT +SIP_TIMEOUT no final response/);
});
