import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Running: it exists and is not a zombie waiting for init to reap it (the killed peer's parent is gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A test process that starts a peer (`sleep 60`), prints its pid, then waits to be signalled. */
function testProcessWithPeer(): Promise<{ pid: number; peerPid: number; done: Promise<number | null> }> {
  const script = `
    const { startProcess } = await import(${JSON.stringify(entry)});
    const peer = startProcess('sleeper', 'sleep', ['60']);
    console.log(peer.pid);
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) =>
      resolve({ pid: child.pid ?? -1, peerPid: Number(chunk.toString().trim()), done }),
    );
    child.once('error', reject);
  });
}

describe('a test process that ends without stopping its peers', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'stops them when it is ended by %s (the runner terminating a worker)',
    async (signal, status) => {
      const { pid, peerPid, done } = await testProcessWithPeer();
      expect(alive(peerPid)).toBe(true);
      process.kill(pid, signal);
      expect(await done).toBe(status);
      for (let i = 0; i < 50 && alive(peerPid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(alive(peerPid)).toBe(false);
    },
  );
});
