import { startProcess } from './managed-process.js';
import { makePeerDir } from './peer-dir.js';
import { freePort } from './ports.js';
import { tcpListening, waitUntil } from './readiness.js';
import { requireCommand } from './require-command.js';
import { type RestartableLife, startRestartable } from './restartable-process.js';

export interface RedisOptions {
  /**
   * Append-only file with `appendfsync always` (default false: no persistence at all). Tests that
   * restart Redis and expect nothing accepted to be lost need it.
   */
  appendonly?: boolean;
  host?: string;
}

export interface RedisPeer extends RestartableLife {
  readonly host: string;
  readonly port: number;
  /** `redis://host:port`, what ioredis takes. */
  readonly url: string;
  readonly dir: string;
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

  const life = await startRestartable({
    dir,
    start: () => startProcess(`redis-server ${host}:${port}`, redisServer, args, { cwd: dir }),
    ready: (process) => waitUntil('port listening', process, tcpListening(host, port), 15_000),
    // SIGTERM makes Redis flush its append-only file: give it time.
    graceMs: 10_000,
  });

  return Object.assign(life, { host, port, url: `redis://${host}:${port}`, dir });
}
