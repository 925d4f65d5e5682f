import { MsgError } from '@messagesend/core';
import { Redis, type RedisOptions } from 'ioredis';
import { RedisErrorCode } from './errors.js';

/** A Redis URL (`redis://host:port/db`) or ioredis options. */
export type RedisConnection = string | RedisOptions;

export interface ConnectOptions {
  /** Bound for the first connection (default 5 000 ms). */
  timeoutMs?: number;
  /** Commands wait for a reconnect instead of failing (BullMQ workers need this). */
  blocking?: boolean;
}

/**
 * Opens an ioredis client and waits until it is ready; a Redis that does not answer within the
 * bound is ERR_MSG_REDIS_UNREACHABLE (the URL is printed without its password).
 */
export async function connectRedis(
  connection: RedisConnection,
  options: ConnectOptions = {},
): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base: RedisOptions = {
    lazyConnect: true,
    // Workers block on BRPOPLPUSH-style commands: BullMQ requires null here.
    maxRetriesPerRequest: options.blocking ? null : 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 1_000),
    connectTimeout: timeoutMs,
  };
  const client =
    typeof connection === 'string' ? new Redis(connection, base) : new Redis({ ...connection, ...base });
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash.
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return client;
  } catch (error) {
    client.disconnect();
    throw new MsgError(
      RedisErrorCode.Unreachable,
      `Redis at ${describe(connection)} is unreachable: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Where the connection goes, never with its password. */
export function describe(connection: RedisConnection): string {
  if (typeof connection !== 'string') return `${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
  try {
    const url = new URL(connection);
    url.password = '';
    url.username = '';
    return url.toString();
  } catch {
    return 'an unparsable URL';
  }
}
