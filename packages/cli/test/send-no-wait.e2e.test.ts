import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runningPeers, type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `send` without --wait prints SUCCESS and exits as soon as the router is closed: these tests prove
// the process does not exit before the MESSAGE is on the wire (SIPp must have received every one).

const BULK = 200;

const run = (args: string[]) => runCli(args, { cwd: tmpdir() });

let peer: SippPeer;
let dir: string;

beforeAll(async () => {
  peer = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-nowait-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[alice]\ntype=endpoint\naors=alice\n\n[alice]\ntype=aor\ncontact=sip:alice@127.0.0.1:${peer.port}\n`,
  );
});
afterAll(async () => {
  await peer.stop();
  expect(runningPeers()).toEqual([]);
});

const requestUris = (): string[] =>
  peer
    .requests()
    .filter((request) => request.firstLine.startsWith('MESSAGE '))
    .map((request) => request.firstLine.split(' ')[1]!);

describe('messagesend send without --wait', () => {
  it('one send: SUCCESS, exit 0, and SIPp has the MESSAGE', async () => {
    const before = peer.requests().length;
    const result = await run(['send', 'pjsip:alice', '--body', 'no wait ✓', '--config-dir', dir]);
    // Only load warnings (this endpoint has no auth=, which pjsip warns about) may be printed.
    expect(result.stderr.split('\n').filter((line) => line && !line.startsWith('warning: '))).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SUCCESS pjsip:alice/);
    const received = (await peer.waitForRequests(before + 1, 5_000)).slice(before);
    expect(received.map((request) => request.body)).toEqual(['no wait ✓']);
  });

  it(`--each with ${BULK} destinations: every one SUCCESS and every one received by SIPp`, async () => {
    const before = peer.requests().length;
    const uris = Array.from({ length: BULK }, (_, i) => `sip:bulk${i}@127.0.0.1:${peer.port}`);
    const list = join(dir, 'bulk.txt');
    writeFileSync(list, `${uris.map((uri) => `pjsip:alice/${uri}`).join('\n')}\n`);
    const result = await run(['send', '--each', list, '--body', 'bulk', '--config-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${BULK} succeeded, 0 failed`);
    await peer.waitForRequests(before + BULK, 10_000);
    expect(new Set(requestUris().filter((uri) => uri.startsWith('sip:bulk')))).toEqual(new Set(uris));
  });
});
