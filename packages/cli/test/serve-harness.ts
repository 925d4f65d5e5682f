import { connect } from 'node:net';
import {
  freePort,
  type ManagedProcess,
  pollUntil,
  startProcess,
  writeConfigFolder,
} from '@messagesend/test-peers';
import { BIN } from './run-cli.js';

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
  const httpPort = await freePort('127.0.0.1');
  const sipPort = await freePort('127.0.0.1');
  const dir = writeConfigFolder(
    {
      'http.conf': `[general]\nenabled=yes\nbindaddr=127.0.0.1\nbindport=${httpPort}\n`,
      'ari.conf': `[general]\nenabled=yes\n\n[${ARI_USER}]\ntype=user\nread_only=no\npassword=${ARI_PASSWORD}\n\n[viewer]\ntype=user\nread_only=yes\npassword=${VIEWER_PASSWORD}\n`,
      'pjsip.conf': [
        `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:${sipPort}\n`,
        // A phone that must register.
        `[phone]\ntype=endpoint\naors=phone\n\n[phone]\ntype=aor\nmax_contacts=1\n`,
        // Who sends messages in (identified by the From user).
        `[sender]\ntype=endpoint\naors=sender\n\n[sender]\ntype=aor\nmax_contacts=1\n`,
        extraPjsip,
      ].join('\n'),
    },
    'serve',
  );
  return { dir, httpPort, sipPort };
}

/** `messagesend serve` as a subprocess, not waited for (for tests of how it fails to start). */
export function spawnServe(config: { dir: string }, args: string[] = []): ManagedProcess {
  return startProcess('messagesend serve', globalThis.process.execPath, [
    BIN,
    'serve',
    '--config-dir',
    config.dir,
    ...args,
  ]);
}

/** `messagesend serve` as a subprocess; resolves once /readyz answers 200 (bounded: 15 s). */
export async function startServe(
  config: { dir: string; httpPort: number; sipPort: number },
  args: string[] = [],
): Promise<ServeProcess> {
  const process = spawnServe(config, args);
  const base = `http://127.0.0.1:${config.httpPort}`;
  const auth = `Basic ${Buffer.from(`${ARI_USER}:${ARI_PASSWORD}`).toString('base64')}`;
  await pollUntil(
    'serve to be ready',
    async () => {
      if (process.hasExited) throw new Error(`serve exited early:\n${process.output()}`);
      return fetch(`${base}/readyz`).then(
        (response) => response.status === 200,
        () => false, // not listening yet
      );
    },
    { timeoutMs: 15_000, intervalMs: 100, detail: () => process.output() },
  );
  return { process, dir: config.dir, httpPort: config.httpPort, sipPort: config.sipPort, base, auth };
}

/** Writes AMI packets to `port` and collects what the server says until `until` matches (10 s bound). */
export function amiSession(port: number, packets: string[], until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`AMI answered only:\n${text}`));
    }, 10_000);
    socket.on('connect', () => socket.write(packets.join('')));
    socket.on('data', (data) => {
      text += data;
      if (until.test(text)) {
        clearTimeout(timer);
        socket.end();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}
