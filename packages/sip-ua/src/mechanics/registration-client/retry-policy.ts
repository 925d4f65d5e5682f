/**
 * What to do after a REGISTER that did not succeed, as RFC 3261 section 10.2.8 leaves to the
 * client and as pjsua (and Asterisk's outbound registration after it) decide: temporary
 * failures are retried every `retryIntervalSec` up to `maxRetries`, a 403 or another fatal
 * answer only when their own interval is set.
 */
export interface RetryPolicy {
  /** Seconds between retries after a temporary failure (0: never retry). */
  retryIntervalSec: number;
  /** Seconds before retrying after 403 Forbidden (0: a 403 is permanent). */
  forbiddenRetryIntervalSec: number;
  /** Seconds before retrying after any other fatal answer (0: permanent). */
  fatalRetryIntervalSec: number;
  /** Retries in a row before giving up. */
  maxRetries: number;
  /** A 401/407 that our credentials could not pass is permanent (else temporary). */
  authRejectionPermanent: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryIntervalSec: 60,
  forbiddenRetryIntervalSec: 0,
  fatalRetryIntervalSec: 0,
  maxRetries: 10,
  authRejectionPermanent: true,
};

export type RetryDecision = { retry: false } | { retry: true; afterSec: number; countsAsRetry: boolean };

/** Temporary answers (pjsua's list): 408, 500, 502, 503, 504, 6xx, and 401/407 when not permanent. */
export function isTemporary(status: number, policy: RetryPolicy): boolean {
  if ([408, 500, 502, 503, 504].includes(status)) return true;
  if ((status === 401 || status === 407) && !policy.authRejectionPermanent) return true;
  return status >= 600 && status <= 699;
}

/**
 * The decision for a failed attempt with `status` (a timeout or transport error counts as 408),
 * after `retries` retries in a row; `retryAfterSec` is the server's Retry-After, which wins.
 */
export function decideRetry(
  status: number,
  retries: number,
  policy: RetryPolicy,
  retryAfterSec?: number,
): RetryDecision {
  if (retryAfterSec !== undefined && retryAfterSec > 0)
    return { retry: true, afterSec: retryAfterSec, countsAsRetry: false };
  if (policy.retryIntervalSec > 0 && isTemporary(status, policy))
    return retries >= policy.maxRetries
      ? { retry: false }
      : { retry: true, afterSec: policy.retryIntervalSec, countsAsRetry: true };
  if (status === 403 && policy.forbiddenRetryIntervalSec > 0 && retries < policy.maxRetries)
    return { retry: true, afterSec: policy.forbiddenRetryIntervalSec, countsAsRetry: true };
  if (policy.fatalRetryIntervalSec > 0 && retries < policy.maxRetries)
    return { retry: true, afterSec: policy.fatalRetryIntervalSec, countsAsRetry: true };
  return { retry: false };
}
