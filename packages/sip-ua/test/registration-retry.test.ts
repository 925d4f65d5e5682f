import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from '../src/index.js';

const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, ...over });

describe('REGISTER retry decisions (pjsua / res_pjsip_outbound_registration)', () => {
  it.each([408, 500, 502, 503, 504, 600, 603])('%i is temporary: retried after retry_interval', (status) => {
    expect(decideRetry(status, 0, policy())).toEqual({ retry: true, afterSec: 60, countsAsRetry: true });
  });

  it('gives up once max_retries temporary failures were retried', () => {
    expect(decideRetry(503, 9, policy())).toMatchObject({ retry: true });
    expect(decideRetry(503, 10, policy())).toEqual({ retry: false });
  });

  it('401/407 are permanent unless auth_rejection_permanent=no', () => {
    expect(decideRetry(401, 0, policy())).toEqual({ retry: false });
    expect(decideRetry(407, 0, policy({ authRejectionPermanent: false }))).toMatchObject({
      retry: true,
      afterSec: 60,
    });
  });

  it('403 waits forbidden_retry_interval when set; other fatal answers fatal_retry_interval', () => {
    expect(decideRetry(403, 0, policy())).toEqual({ retry: false });
    expect(decideRetry(403, 0, policy({ forbiddenRetryIntervalSec: 30 }))).toMatchObject({ afterSec: 30 });
    expect(decideRetry(404, 0, policy({ fatalRetryIntervalSec: 90 }))).toMatchObject({ afterSec: 90 });
    expect(decideRetry(404, 10, policy({ fatalRetryIntervalSec: 90 }))).toEqual({ retry: false });
  });

  it('Retry-After wins and does not count as a retry; retry_interval=0 never retries temporaries', () => {
    expect(decideRetry(503, 10, policy(), 7)).toEqual({ retry: true, afterSec: 7, countsAsRetry: false });
    expect(decideRetry(503, 0, policy({ retryIntervalSec: 0 }))).toEqual({ retry: false });
  });
});
