import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { makeTestCa, type TestCa } from '@messagesend/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `--ca FILE` for SIP over TLS, through the real binary: a pjsip TLS transport trusts a private CA
// besides Node's roots (and besides its own ca_list_file). The peer is a small SIP UAS on Node's TLS
// server (the Debian SIPp is built without OpenSSL: `-t l1` is refused), with a certificate for
// 127.0.0.1 signed by a throwaway CA.

let root: string;
let ca: TestCa;
let otherCa: TestCa;
let server: Server;
let port: number;
const received: string[] = [];

/** Answers each MESSAGE with 200 OK (Via, From, To with a tag, Call-ID and CSeq copied). */
function answerSip(socket: TLSSocket): void {
  let buffered = '';
  socket.setEncoding('latin1');
  socket.on('error', () => {});
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buffered.slice(0, end).split('\r\n');
      const header = (name: RegExp) => lines.filter((line) => name.test(line));
      const length = Number(/^(?:Content-Length|l)\s*:\s*(\d+)/im.exec(lines.join('\n'))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const body = buffered.slice(end + 4, end + 4 + length);
      buffered = buffered.slice(end + 4 + length);
      received.push(`${lines[0]!.split(' ')[0]} ${body}`);
      const to = header(/^(?:To|t)\s*:/i)[0] ?? 'To: <sip:unknown@127.0.0.1>';
      socket.write(
        [
          'SIP/2.0 200 OK',
          ...header(/^(?:Via|v)\s*:/i),
          ...header(/^(?:From|f)\s*:/i),
          /;tag=/i.test(to) ? to : `${to};tag=tls-uas`,
          ...header(/^(?:Call-ID|i)\s*:/i),
          ...header(/^CSeq\s*:/i),
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
    }
  });
}

const pjsipConf = (extraTransport = '') =>
  `[tls]\ntype=transport\nprotocol=tls\nbind=127.0.0.1:0\n${extraTransport}\n` +
  `[bob]\ntype=endpoint\naors=bob\ntransport=tls\n\n[bob]\ntype=aor\ncontact=sip:bob@127.0.0.1:${port};transport=tls\n`;

const folder = (name: string, text: string): string => {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'pjsip.conf'), text);
  return dir;
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'messagesend-cli-tls-ca-'));
  ca = makeTestCa(join(root, 'ca'));
  otherCa = makeTestCa(join(root, 'other-ca'));
  const leaf = ca.leaf('sip-server', { cn: '127.0.0.1', san: ['IP:127.0.0.1', 'DNS:localhost'] });
  server = createServer({ key: leaf.key, cert: leaf.cert }, answerSip);
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const send = (dir: string, body: string, ...flags: string[]) =>
  runCli(['send', 'pjsip:bob', '--body', body, '--wait', '--timeout', '5', '--config-dir', dir, ...flags]);

describe('--ca FILE for pjsip TLS', () => {
  it('without --ca the private CA is unknown: FAILURE SIP_TRANSPORT_ERROR naming the certificate problem', async () => {
    const dir = folder('no-ca', pjsipConf());
    const run = await send(dir, 'untrusted');
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/FAILURE pjsip:bob/);
    expect(run.stdout).toMatch(/reason: SIP_TRANSPORT_ERROR - .*(certificate|issuer)/i);
    expect(received).not.toContain('MESSAGE untrusted');
  });

  it('with --ca the certificate is verified against it: delivered (200), exit 0', async () => {
    const dir = folder('with-ca', pjsipConf());
    const run = await send(dir, 'trusted', '--ca', ca.caFile);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/delivery: delivered \(200 OK\)/);
    expect(received).toContain('MESSAGE trusted');
  });

  it("a transport's own ca_list_file keeps working, and --ca adds to it rather than replacing it", async () => {
    const own = folder('own-list', pjsipConf(`ca_list_file=${ca.caFile}\n`));
    const ownRun = await send(own, 'own list');
    expect(ownRun.code, ownRun.stdout + ownRun.stderr).toBe(0);
    expect(received).toContain('MESSAGE own list');
    // The list names another CA: the server is trusted only through --ca, added beside it.
    const other = folder('other-list', pjsipConf(`ca_list_file=${otherCa.caFile}\n`));
    const refused = await send(other, 'other list');
    expect(refused.stdout).toMatch(/SIP_TRANSPORT_ERROR/);
    const added = await send(other, 'other list plus --ca', '--ca', ca.caFile);
    expect(added.code, added.stdout + added.stderr).toBe(0);
    expect(received).toContain('MESSAGE other list plus --ca');
  });

  it('an unreadable --ca file is a usage error (exit 2) that names it', async () => {
    const dir = folder('missing-ca', pjsipConf());
    const run = await send(dir, 'x', '--ca', join(root, 'no-such-ca.pem'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--ca ${join(root, 'no-such-ca.pem')}: cannot read it`);
  });
});
