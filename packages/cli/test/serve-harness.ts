import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ManagedProcess, startProcess } from '@messagesend/test-peers';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export const ARI_USER = 'asterisk';
export const ARI_PASSWORD = 'ari-secret-9f3';
export const VIEWER_PASSWORD = 'viewer-secret-77';

export interface ServeProcess {
  process: ManagedProcess;
  dir: string;
  httpPort: number;
  sipPort: number;
  base: string;
  auth: string;
}

/** A temporary Asterisk config folder: http.conf, ari.conf and pjsip.conf (plus `extraPjsip`). */
export async function makeConfigDir(
  extraPjsip = '',
): Promise<{ dir: string; httpPort: number; sipPort: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'messagesend-serve-'));
  const httpPort = await freePort('127.0.0.1');
  const sipPort = await freePort('127.0.0.1');
  writeFileSync(join(dir, 'http.conf'), `[general]\nenabled=yes\nbindaddr=127.0.0.1\nbindport=${httpPort}\n`);
  writeFileSync(
    join(dir, 'ari.conf'),
    `[general]\nenabled=yes\n\n[${ARI_USER}]\ntype=user\nread_only=no\npassword=${ARI_PASSWORD}\n\n[viewer]\ntype=user\nread_only=yes\npassword=${VIEWER_PASSWORD}\n`,
  );
  writeFileSync(
    join(dir, 'pjsip.conf'),
    [
      `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:${sipPort}\n`,
      // A phone that must register.
      `[phone]\ntype=endpoint\naors=phone\n\n[phone]\ntype=aor\nmax_contacts=1\n`,
      // Who sends messages in (identified by the From user).
      `[sender]\ntype=endpoint\naors=sender\n\n[sender]\ntype=aor\nmax_contacts=1\n`,
      extraPjsip,
    ].join('\n'),
  );
  return { dir, httpPort, sipPort };
}

/** `messagesend serve` as a subprocess; resolves once ARI answers. */
export async function startServe(
  config: { dir: string; httpPort: number; sipPort: number },
  args: string[] = [],
): Promise<ServeProcess> {
  const process = startProcess('messagesend serve', globalThis.process.execPath, [
    BIN,
    'serve',
    '--config-dir',
    config.dir,
    ...args,
  ]);
  const base = `http://127.0.0.1:${config.httpPort}`;
  const auth = `Basic ${Buffer.from(`${ARI_USER}:${ARI_PASSWORD}`).toString('base64')}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (process.hasExited) throw new Error(`serve exited early:\n${process.output()}`);
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`serve not ready within 15 s:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { process, dir: config.dir, httpPort: config.httpPort, sipPort: config.sipPort, base, auth };
}
