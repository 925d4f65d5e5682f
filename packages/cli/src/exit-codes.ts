import type { SendStatus } from '@messagesend/core';

/** The process exit code for each status (documented in the README). */
export const EXIT = { SUCCESS: 0, FAILURE: 1, USAGE: 2, INVALID_PROTOCOL: 3, INVALID_URI: 4 } as const;

export function exitCodeFor(status: SendStatus): number {
  return EXIT[status];
}

/** Thrown for a bad command line: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
