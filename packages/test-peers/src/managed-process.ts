import { type ChildProcess, spawn } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<ExitStatus>;
  readonly hasExited: boolean;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** SIGTERM to the process group, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** SIGKILL to the process group at once (for fault tests). */
  kill(): Promise<ExitStatus>;
}

const running = new Set<ManagedProcess>();

/** Every peer process started in this test process that has not exited yet. */
export function runningPeers(): { name: string; pid: number }[] {
  return [...running].map(({ name, pid }) => ({ name, pid }));
}

/** Stops every running peer; for afterAll hooks. */
export async function stopAllPeers(): Promise<void> {
  await Promise.all([...running].map((peer) => peer.stop()));
}

// Last resort when a test process ends without cleaning up: no peer outlives it. A worker the
// test runner terminates with a signal never reaches 'exit' by default, so signals are handled
// too (stop the peers, then end with the signal's usual status).
const killAllPeers = (): void => {
  for (const peer of running) signalGroup(peer.pid, 'SIGKILL');
};
process.once('exit', killAllPeers);
for (const [signal, status] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    killAllPeers();
    process.exit(status);
  });
}

/**
 * Starts `command` in its own process group (peers such as Kamailio fork workers), so that
 * stopping it stops all of them.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ManagedProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let hasExited = false;
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    if (text.length > 1_000_000) text = text.slice(-500_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('error', (error) => {
      append(Buffer.from(`\n[spawn error] ${error.message}\n`));
      hasExited = true;
      resolve({ code: -1, signal: null });
    });
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    });
  });

  const managed: ManagedProcess = {
    name,
    pid: child.pid ?? -1,
    exited,
    get hasExited() {
      return hasExited;
    },
    output: () => text,
    async stop(graceMs = 3_000) {
      if (!hasExited) {
        signalGroup(managed.pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(managed.pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Workers of a forking peer may outlive the leader for a moment.
      signalGroup(managed.pid, 'SIGKILL');
      return exited;
    },
    async kill() {
      signalGroup(managed.pid, 'SIGKILL');
      return exited;
    },
  };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
