import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMsgError } from '@messagesend/core';
import type { LogLevel } from '@messagesend/gateway';
import { configDirs } from '../config-dir.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { version } from '../main.js';
import { outputGuard } from '../safe-output.js';

/** The environment variable naming the Redis URL (a password stays out of the process list there). */
export const REDIS_URL_VARIABLE = 'MESSAGESEND_REDIS_URL';

export const SERVE_HELP = `Usage: messagesend serve [--config-dir DIR] [--log-level LEVEL] [--redis URL]

Runs the messaging gateway. Files read from the config folder (each optional):
  pjsip.conf, sip.conf, xmpp.conf   the technologies (registrations accepted while it runs)
  extensions.conf                   the message dialplan: inbound messages run its contexts
  http.conf, ari.conf               the ARI front end (HTTP and WebSocket)
  manager.conf                      the AMI front end (MessageSend action)
Logs JSON lines (pino) on standard output. SIGTERM or SIGINT: stop accepting, let sends in flight
(and dialplan runs) settle within --grace, exit 0.

Options:
  --config-dir DIR    the Asterisk config folder (default: $MESSAGESEND_CONFIG_DIR, else ./ when it
                      holds a pjsip.conf, sip.conf or xmpp.conf, else /etc/asterisk)
  --log-level LEVEL   fatal, error, warn, info (default), debug, trace or silent
  --grace MS          one bound for the whole shutdown: dialplan runs, sends in flight and ARI
                      answers settle within it (default 5000)
  --redis URL         share registrations and a durable send queue with every gateway on this
                      Redis (redis://[:password@]host:port[/db]; default $MESSAGESEND_REDIS_URL,
                      else none: everything in memory). See docs/redis.md`;

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const FILES = [
  'pjsip.conf',
  'sip.conf',
  'xmpp.conf',
  'extensions.conf',
  'http.conf',
  'ari.conf',
  'manager.conf',
];

/** A URL's password, masked in anything printed. */
function urlSecrets(url: string | undefined): string[] {
  try {
    const password = url === undefined ? '' : decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

/** The first candidate folder holding any file the gateway reads. */
function serveDir(explicit: string | undefined): string {
  const dirs = configDirs(explicit);
  if (explicit) return dirs[0]!;
  const found = dirs.find((dir) => FILES.some((file) => existsSync(join(dir, file))));
  if (!found) throw new UsageError(`no Asterisk config found in ${dirs.join(', ')} (use --config-dir)`);
  return found;
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'config-dir': { type: 'string' },
      'log-level': { type: 'string' },
      grace: { type: 'string' },
      redis: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${SERVE_HELP}\n`);
    return EXIT.SUCCESS;
  }
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!LEVELS.includes(level)) throw new UsageError(`--log-level takes one of ${LEVELS.join(', ')}`);
  const grace = values.grace === undefined ? undefined : Number(values.grace);
  if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0 && grace <= 600_000))
    throw new UsageError('--grace takes milliseconds from 0 to 600000');
  const redisUrl = values.redis ?? (process.env[REDIS_URL_VARIABLE] || undefined);
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl))
    throw new UsageError(`--redis takes a redis:// or rediss:// URL`);
  // Loaded here, not at the top: every other command starts without fastify, pino and prom-client.
  const { createGateway, createLogger, RedisErrorCode } = await import('@messagesend/gateway');
  const logger = createLogger(level);
  const gateway = createGateway({
    configDir: serveDir(values['config-dir']),
    logger,
    version: version(),
    ...(grace !== undefined ? { shutdownGraceMs: grace } : {}),
    ...(redisUrl !== undefined ? { redis: { url: redisUrl } } : {}),
  });
  try {
    await gateway.start();
  } catch (error) {
    await gateway.close();
    // Not a usage mistake: the service it needs is down (exit 1, as for any failure to run).
    if (isMsgError(error) && error.code === RedisErrorCode.Unreachable) {
      process.stderr.write(
        `messagesend serve: ${error.code}: ${outputGuard(urlSecrets(redisUrl)).text(error.message)}\n`,
      );
      return EXIT.FAILURE;
    }
    throw error;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'shutting down');
  await gateway.close();
  logger.flush();
  return EXIT.SUCCESS;
}
