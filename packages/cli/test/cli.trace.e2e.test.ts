import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SippPeer, startSippUas, uasScenario } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// What -v and --trace print on stderr, through the real binary against SIPp: a retransmission
// for a peer that never answers, the challenge answered for one that asks (never the password),
// the wire both ways with --trace (the password masked), and nothing at all without a flag.

const PASSWORD = 'trace-hunter2-secret';
let silent: SippPeer;
let challenging: SippPeer;
let accepting: SippPeer;
let dir: string;

const endpoint = (name: string, port: number, extra = '') =>
  `[${name}]\ntype=endpoint\naors=${name}\n${extra}\n[${name}]\ntype=aor\ncontact=sip:${name}@127.0.0.1:${port}\n\n`;

beforeAll(async () => {
  silent = await startSippUas({ scenario: uasScenario([{ request: 'MESSAGE' }]) });
  challenging = await startSippUas({
    scenario: uasScenario([
      {
        request: 'MESSAGE',
        replies: [
          {
            status: 401,
            reason: 'Unauthorized',
            headers: ['WWW-Authenticate: Digest realm="trace.test", nonce="n0nce1", algorithm=MD5'],
          },
        ],
      },
      { request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] },
    ]),
  });
  accepting = await startSippUas({
    scenario: uasScenario([{ request: 'MESSAGE', replies: [{ status: 202, reason: 'Accepted' }] }]),
  });
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-trace-'));
  writeFileSync(
    join(dir, 'pjsip.conf'),
    '[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n' +
      endpoint('quiet', silent.port) +
      endpoint('guarded', challenging.port, 'outbound_auth=guarded-auth\n') +
      `[guarded-auth]\ntype=auth\nusername=alice\npassword=${PASSWORD}\n\n` +
      endpoint('open', accepting.port),
  );
});

afterAll(async () => {
  await Promise.all([silent?.stop(), challenging?.stop(), accepting?.stop()]);
});

const send = (to: string, ...flags: string[]) =>
  runCli(['send', to, '--body', 'hello trace', '--config-dir', dir, ...flags]);

describe('-v: debug lines for retransmissions and challenges', () => {
  it('a silent peer shows a retransmission line with the method and attempt', async () => {
    const run = await send('pjsip:quiet', '-v', '--timeout', '2');
    expect(run.stderr).toMatch(/debug: sip retransmit \{"method":"MESSAGE","callId":"[^"]+".*"attempt":2/);
  });

  it('a challenging peer shows the challenge answered, and never the password or the hash', async () => {
    const run = await send('pjsip:guarded', '-v');
    expect(run.stdout).toContain('SUCCESS');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /sip auth challenge answered .*"status":401.*"realm":"trace.test".*"algorithm":"MD5"/,
    );
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toMatch(/response=/);
  });
});

describe('--trace: the SIP wire on stderr, secrets masked', () => {
  it('prints the MESSAGE sent and the 202 received, each headed by direction and remote address', async () => {
    const run = await send('pjsip:open', '--trace');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `trace: out UDP sent to 127.0.0.1:${accepting.port}\nMESSAGE sip:open@127.0.0.1:${accepting.port}`,
    );
    expect(run.stderr).toMatch(
      new RegExp(`trace: in UDP received from 127\\.0\\.0\\.1:${accepting.port}\\nSIP/2\\.0 202 Accepted`),
    );
    expect(run.stderr).toContain('hello trace');
  });

  it('masks the configured password and the digest response of a challenged send', async () => {
    // The password put on the wire itself (in the body): the trace must still not show it.
    const run = await runCli([
      'send',
      'pjsip:guarded',
      '--body',
      `leaked ${PASSWORD} here`,
      '--config-dir',
      dir,
      '--trace',
    ]);
    expect(run.stderr).toContain('leaked *** here');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('SIP/2.0 401 Unauthorized');
    expect(run.stderr).toMatch(/Authorization: Digest .*response="\*\*\*"/);
    expect(run.stderr).not.toMatch(/response="[0-9a-f]{32}"/);
    expect(run.stderr).not.toContain(PASSWORD);
  });
});

describe('no flag: nothing on stderr', () => {
  it('a plain send prints nothing on stderr beyond config warnings', async () => {
    const run = await send('pjsip:open');
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines.filter((line) => !line.startsWith('warning: '))).toEqual([]);
    expect(run.stderr).not.toMatch(/debug:|MESSAGE sip:|SIP\/2\.0 202/);
  });
});
