import type { ResponseSpec } from '../stack/request-handler.js';
import type { DigestServer, DigestVerdict } from './digest-server.js';

const REFUSAL: Partial<Record<(DigestVerdict & { ok: false })['reason'], string>> = {
  replay: 'Forbidden (credentials already used)',
  'no-qop': 'Forbidden (digest answers need qop=auth)',
};

/**
 * The answer to a failed check: a missing or stale answer gets a fresh challenge (401, stale=true
 * when stale) bound to the sender's address; anything else is refused 403.
 */
export function digestRefusal(
  server: DigestServer,
  verdict: DigestVerdict & { ok: false },
  source: string,
  header: 'WWW-Authenticate' | 'Proxy-Authenticate' = 'WWW-Authenticate',
): ResponseSpec {
  if (verdict.reason === 'missing' || verdict.reason === 'stale') {
    return {
      status: header === 'WWW-Authenticate' ? 401 : 407,
      headers: server
        .challenges(verdict.reason === 'stale', source)
        .map((value) => ({ name: header, value })),
    };
  }
  return { status: 403, reason: REFUSAL[verdict.reason] ?? 'Forbidden' };
}
