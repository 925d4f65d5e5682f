import type { Failure } from '@messagesend/core';
import { DigestRejection, type DigestRejectionReason } from '../errors.js';
import type { ResponseSpec } from '../stack/request-handler.js';
import type { DigestServer } from './digest-server.js';

const REFUSAL: Partial<Record<DigestRejectionReason, string>> = {
  [DigestRejection.Replay]: 'Forbidden (credentials already used)',
  [DigestRejection.NoQop]: 'Forbidden (digest answers need qop=auth)',
};

/**
 * The answer to a failed check: a missing or stale answer gets a fresh challenge (401, stale=true
 * when stale) bound to the sender's address; anything else is refused 403.
 */
export function digestRefusal(
  server: DigestServer,
  verdict: Failure<DigestRejectionReason>,
  source: string,
  header: 'WWW-Authenticate' | 'Proxy-Authenticate' = 'WWW-Authenticate',
): ResponseSpec {
  if (verdict.reason === DigestRejection.Missing || verdict.reason === DigestRejection.Stale) {
    return {
      status: header === 'WWW-Authenticate' ? 401 : 407,
      headers: server
        .challenges(verdict.reason === DigestRejection.Stale, source)
        .map((value) => ({ name: header, value })),
    };
  }
  return { status: 403, reason: REFUSAL[verdict.reason] ?? 'Forbidden' };
}
