import { MsgError } from '@messagesend/core';
import { RedisErrorCode } from './errors.js';

/** Default bound of report(), stats() and a metrics scrape while Redis is away. */
export const DEFAULT_READ_TIMEOUT_MS = 2_000;

/**
 * `work`, or ERR_MSG_REDIS_TIMEOUT after `timeoutMs`. The queue's client waits for Redis to come
 * back (BullMQ needs that), so without this a read while Redis is away never settles; the
 * command itself is left to finish or fail later, and its late failure is ignored.
 */
export async function withinBound<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new MsgError(RedisErrorCode.Timeout, `${what}: Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => {});
  }
}

/** A bound option: a positive finite number of milliseconds, else ERR_MSG_REDIS_INVALID_OPTION. */
export function boundOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0))
    throw new MsgError(RedisErrorCode.InvalidOption, `${name} must be a positive number of milliseconds`);
  return value;
}
