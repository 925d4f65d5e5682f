import { connect } from 'node:net';
import type { ManagedProcess } from './managed-process.js';
import { udpPortFree } from './ports.js';

/** Polls `probe` until it is true; fails if the process exits first or `timeoutMs` passes. */
export async function waitUntil(
  what: string,
  peer: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (peer.hasExited) {
      const status = await peer.exited;
      throw new Error(
        `${peer.name} exited (code ${status.code}) before ${what}:\n${peer.output().slice(-3000)}`,
      );
    }
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await peer.stop();
  throw new Error(
    `${peer.name} was not ready (${what}) within ${timeoutMs} ms:\n${peer.output().slice(-3000)}`,
  );
}

export function udpBound(host: string, port: number): () => Promise<boolean> {
  return async () => !(await udpPortFree(host, port));
}

export function tcpListening(host: string, port: number): () => Promise<boolean> {
  return () =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
}
