import type { ManagedProcess } from './managed-process.js';
import { removePeerDir } from './peer-dir.js';

/** The life cycle of a peer that fault tests crash and restart on the same port and data folder. */
export interface RestartableLife {
  readonly pid: number;
  output(): string;
  readonly running: boolean;
  /** SIGTERM and wait; the data folder is kept until stop(). */
  shutdown(): Promise<void>;
  /** SIGKILL (a crash, for fault tests). */
  kill(): Promise<void>;
  /** Starts again on the same port with the same data folder. */
  restart(): Promise<void>;
  /** Stops and removes everything. */
  stop(): Promise<void>;
}

/**
 * Starts `start()` and waits for `ready`; the same two steps restart it. A first start that fails
 * removes `dir`. `graceMs` bounds shutdown() and restart()'s SIGTERM wait (default: the process's).
 */
export async function startRestartable(options: {
  dir: string;
  start: () => ManagedProcess;
  ready: (process: ManagedProcess) => Promise<void>;
  graceMs?: number;
}): Promise<RestartableLife> {
  let process: ManagedProcess | undefined;
  const launch = async (): Promise<void> => {
    process = options.start();
    await options.ready(process);
  };
  try {
    await launch();
  } catch (error) {
    removePeerDir(options.dir);
    throw error;
  }
  return {
    get pid() {
      return process?.pid ?? -1;
    },
    output: () => process?.output() ?? '',
    get running() {
      return process !== undefined && !process.hasExited;
    },
    async shutdown() {
      await process?.stop(options.graceMs);
    },
    async kill() {
      await process?.kill();
    },
    async restart() {
      await process?.stop(options.graceMs);
      await launch();
    },
    async stop() {
      await process?.stop();
      removePeerDir(options.dir);
    },
  };
}
