import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProsodyPeer, startProsody } from '@messagesend/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `--trace` on the XMPP wire, through the real binary against Prosody: the <message> out and the
// server's XEP-0198 ack in, headed by direction, server and account; never the password, its
// base64, or a SASL payload.

const PASSWORD = 'xmpp-trace-s3cret';
let prosody: ProsodyPeer;
let dir: string;

beforeAll(async () => {
  prosody = await startProsody({
    users: [
      { name: 'alice', password: PASSWORD },
      { name: 'bob', password: 'bob-pw' },
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'messagesend-cli-trace-xmpp-'));
  writeFileSync(
    join(dir, 'xmpp.conf'),
    `[alice]\ntype=client\nserverhost=127.0.0.1\nport=${prosody.port}\nusername=alice@localhost\nsecret=${PASSWORD}\nusetls=no\n`,
  );
});

afterAll(async () => {
  await prosody?.stop();
});

it('send --trace prints the XMPP stream both ways, SASL payloads and the secret masked', async () => {
  const run = await runCli([
    'send',
    'xmpp:bob@localhost',
    '--from',
    'xmpp:alice',
    '--body',
    'hello xmpp trace',
    '--wait',
    '--trace',
    '--config-dir',
    dir,
  ]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/delivery: delivered \(XMPP_ACK/);
  const head = (direction: 'out' | 'in') =>
    `trace: ${direction} XMPP ${direction === 'out' ? 'sent to' : 'received from'} 127.0.0.1:${prosody.port} (alice@localhost)\n`;
  expect(run.stderr).toMatch(
    new RegExp(
      `${escapeRegExp(head('out'))}<message [^\\n]*to="bob@localhost"[^\\n]*<body>hello xmpp trace</body>`,
    ),
  );
  expect(run.stderr).toMatch(
    new RegExp(`${escapeRegExp(head('in'))}<a (?=[^\\n]*xmlns="urn:xmpp:sm:3")[^\\n]*h="\\d+"`),
  );
  expect(run.stderr).toMatch(
    new RegExp(
      `${escapeRegExp(head('out'))}<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="[^"]+">\\*\\*\\*</auth>`,
    ),
  );
  expect(run.stderr).toMatch(new RegExp(`${escapeRegExp(head('in'))}<challenge [^>]*>\\*\\*\\*</challenge>`));
  expect(run.stderr).toMatch(new RegExp(`${escapeRegExp(head('out'))}<response [^>]*>\\*\\*\\*</response>`));
  // No SASL element with a payload other than ***, and nothing that carries the password: it,
  // its base64, PLAIN's base64.
  expect(run.stderr).not.toMatch(/<(auth|challenge|response|success)(\s[^>]*)?>(?!\*\*\*<)[^<]/);
  const output = run.stdout + run.stderr;
  expect(output).not.toContain(PASSWORD);
  expect(output).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  expect(output).not.toContain(Buffer.from(`\u0000alice\u0000${PASSWORD}`).toString('base64'));
});

it('without --trace nothing of the stream is printed', async () => {
  const run = await runCli([
    'send',
    'xmpp:bob@localhost',
    '--from',
    'xmpp:alice',
    '--body',
    'untraced',
    '--config-dir',
    dir,
  ]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/trace:|<message|<stream/);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
