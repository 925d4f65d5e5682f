/**
 * Thrown for configuration mistakes, a Redis that cannot be reached at start, and a read (report,
 * stats, a metrics scrape) that Redis did not answer within its bound (docs/errors.md).
 */
export const RedisErrorCode = {
  Unreachable: 'ERR_MSG_REDIS_UNREACHABLE',
  InvalidOption: 'ERR_MSG_REDIS_INVALID_OPTION',
  Timeout: 'ERR_MSG_REDIS_TIMEOUT',
} as const;

/** Reasons in an enqueue result or a final report (docs/errors.md). */
export const RedisReason = {
  QueueFull: 'REDIS_QUEUE_FULL',
  MessageTooLarge: 'REDIS_MESSAGE_TOO_LARGE',
  Unavailable: 'REDIS_UNAVAILABLE',
  InvalidRequest: 'REDIS_INVALID_REQUEST',
  Undecodable: 'REDIS_UNDECODABLE',
  AgeLimit: 'REDIS_AGE_LIMIT',
  AttemptsExhausted: 'REDIS_ATTEMPTS_EXHAUSTED',
  Stored: 'REDIS_STORED',
  StoredExpired: 'REDIS_STORED_EXPIRED',
} as const;

export type RedisReason = (typeof RedisReason)[keyof typeof RedisReason];
