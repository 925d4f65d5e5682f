import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// A dry run binds nothing: with bind=host:0 (the OS picks the port at bind time) the Via shows
// `host:*`, never a port 0 that no request carries; a fixed port is shown as it is.

let root: string;
const folder = (name: string, files: Record<string, string>): string => {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
};
const pjsipConf = (bind: string) =>
  `[udp]\ntype=transport\nprotocol=udp\nbind=${bind}\n\n[bob]\ntype=endpoint\naors=bob\n\n[bob]\ntype=aor\ncontact=sip:bob@127.0.0.1:5099\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'messagesend-cli-dry-port-'));
});

it('pjsip bind=127.0.0.1:0: the dry run says 127.0.0.1:* in Via', async () => {
  const dir = folder('any-port', { 'pjsip.conf': pjsipConf('127.0.0.1:0') });
  const run = await runCli(['send', 'pjsip:bob', '--body', 'x', '--dry-run', '--config-dir', dir]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:\*;rport;branch=z9hG4bK/);
  expect(run.stdout).not.toMatch(/127\.0\.0\.1:0\b/);
});

it('pjsip bind=127.0.0.1:5071: the dry run shows that port', async () => {
  const dir = folder('fixed-port', { 'pjsip.conf': pjsipConf('127.0.0.1:5071') });
  const run = await runCli(['send', 'pjsip:bob', '--body', 'x', '--dry-run', '--config-dir', dir]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:5071;rport;branch=z9hG4bK/);
});

it('sip.conf bindport=0: the same placeholder for chan_sip', async () => {
  const dir = folder('sip-any-port', {
    'sip.conf': '[general]\nbindaddr=127.0.0.1\nbindport=0\n\n[bob]\ntype=peer\nhost=127.0.0.1\nport=5099\n',
  });
  const run = await runCli(['send', 'sip:bob', '--body', 'x', '--dry-run', '--config-dir', dir]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:\*;rport;branch=z9hG4bK/);
});
