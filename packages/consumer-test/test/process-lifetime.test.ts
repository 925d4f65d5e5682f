import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The decision this proves (README "Process lifetime"): a script that only sends may forget
// router.close() and still exits once every send has its final outcome; a script that called
// router.start() (listening for REGISTER and MESSAGE) keeps running until it closes. Over TCP no
// retransmission timer holds the process while the response is awaited: the stack holds it itself.

const DIR = fileURLToPath(new URL('../.snippets', import.meta.url));
let peer: SippPeer;
let tcpPeer: SippPeer;

beforeAll(async () => {
  peer = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  tcpPeer = await startSippUas({
    transport: 'tcp',
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await peer.stop();
  await tcpPeer.stop();
  expect(runningPeers()).toEqual([]);
});

function script(name: string, body: string, over: 'udp' | 'tcp' = 'udp'): string {
  const file = join(DIR, `${name}.mjs`);
  const target = over === 'tcp' ? tcpPeer : peer;
  writeFileSync(
    file,
    `import { createRouter } from '@messagesend/core';
import pjsip from '@messagesend/pjsip';
const router = createRouter({ techs: [pjsip({ config: ${JSON.stringify(
      `[${over}]\ntype=transport\nprotocol=${over}\nbind=127.0.0.1:0\n\n[bob]\ntype=endpoint\naors=bob\ntransport=${over}\n\n[bob]\ntype=aor\ncontact=${target.uri('bob')}\n`,
    )} })] });
${body}`,
  );
  return file;
}

function run(
  file: string,
  boundMs: number,
): Promise<{ exited: boolean; code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: DIR, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exited: false, code: null, stdout });
    }, boundMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ exited: true, code, stdout });
    });
  });
}

describe('process lifetime', () => {
  it('a send-only script without router.close() exits once its send is settled', async () => {
    const file = script(
      'send-and-forget',
      `const result = await router.send('pjsip:bob', { body: 'forgotten close' });
result.delivery.then((report) => console.log(result.status, report.outcome));`,
    );
    const before = peer.requests().length;
    const ran = await run(file, 20_000);
    expect(ran).toMatchObject({ exited: true, code: 0 });
    expect(ran.stdout.trim()).toBe('SUCCESS delivered');
    expect((await peer.waitForRequests(before + 1)).at(-1)?.body).toBe('forgotten close');
  });

  it('a send-only script over TCP that awaits its delivery report exits with it', async () => {
    const file = script(
      'send-and-wait-tcp',
      `const result = await router.send('pjsip:bob', { body: 'over tcp' }, { waitForDelivery: true });
console.log(result.status, (await result.delivery).outcome);`,
      'tcp',
    );
    const before = tcpPeer.requests().length;
    const ran = await run(file, 20_000);
    expect(ran).toMatchObject({ exited: true, code: 0 });
    expect(ran.stdout.trim()).toBe('SUCCESS delivered');
    expect((await tcpPeer.waitForRequests(before + 1)).at(-1)?.body).toBe('over tcp');
  });

  it('a script that called router.start() keeps listening until it is stopped', async () => {
    const file = script('listening', `await router.start();\nconsole.log('listening');`);
    const ran = await run(file, 2_000);
    expect(ran.stdout.trim()).toBe('listening');
    expect(ran.exited).toBe(false);
  });
});
