import { type ManagedProcess, startProcess } from './managed-process.js';
import { makePeerDir, removePeerDir } from './peer-dir.js';
import { freePort } from './ports.js';
import { tcpListening, waitUntil } from './readiness.js';
import { requireCommand } from './require-command.js';

export interface RedisOptions {
  /**
   * Append-only file with `appendfsync always` (default false: no persistence at all). Tests that
   * restart Redis and expect nothing accepted to be lost need it.
   */
  appendonly?: boolean;
  host?: string;
}

export interface RedisPeer {
  readonly host: string;
  readonly port: number;
  /** `redis://host:port`, what ioredis takes. */
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  output(): string;
  readonly running: boolean;
  /** SIGTERM and wait (Redis flushes the AOF); the data folder is kept until stop(). */
  shutdown(): Promise<void>;
  /** SIGKILL (a crash, for fault tests). */
  kill(): Promise<void>;
  /** Starts again on the same port with the same data folder. */
  restart(): Promise<void>;
  /** Stops and removes everything. */
  stop(): Promise<void>;
}

/** Starts Debian's redis-server in the foreground on a free loopback port with its own data folder. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisPeer> {
  const redisServer = requireCommand('redis-server');
  const host = options.host ?? '127.0.0.1';
  const dir = makePeerDir('redis');
  const port = await freePort(host);
  const persistence = options.appendonly
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const args = [
    '--port',
    String(port),
    '--bind',
    host,
    '--dir',
    dir,
    '--save',
    '',
    ...persistence,
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ];

  let process: ManagedProcess | undefined;
  const launch = async (): Promise<void> => {
    process = startProcess(`redis-server ${host}:${port}`, redisServer, args, { cwd: dir });
    await waitUntil('port listening', process, tcpListening(host, port), 15_000);
  };
  try {
    await launch();
  } catch (error) {
    removePeerDir(dir);
    throw error;
  }

  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    dir,
    get pid() {
      return process?.pid ?? -1;
    },
    output: () => process?.output() ?? '',
    get running() {
      return process !== undefined && !process.hasExited;
    },
    async shutdown() {
      await process?.stop(10_000);
    },
    async kill() {
      await process?.kill();
    },
    async restart() {
      await process?.stop(10_000);
      await launch();
    },
    async stop() {
      await process?.stop();
      removePeerDir(dir);
    },
  };
}
