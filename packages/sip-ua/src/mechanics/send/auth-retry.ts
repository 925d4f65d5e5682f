import type { CachedChallenge, DigestAnswerCache } from '../auth/answer-cache.js';
import { parseDigestHeader } from '../auth/challenge.js';
import { authorize, chooseChallenge, type DigestCredentials } from '../auth/digest.js';
import { findHeaders, type HeaderField } from '../wire/headers.js';
import type { Endpoint, IncomingResponse, OutgoingRequest } from '../wire/message.js';

/**
 * New headers carrying credentials for the challenge in `response`, with CSeq bumped; undefined to
 * give up. `remember` is given the challenge answered (for the next request to the same server).
 */
export function answerChallenge(
  response: IncomingResponse,
  request: OutgoingRequest,
  headers: readonly HeaderField[],
  credentials: readonly DigestCredentials[],
  alreadyAnswered: boolean,
  remember?: (entry: CachedChallenge) => void,
  debug?: (message: string, fields: Record<string, unknown>) => void,
): HeaderField[] | undefined {
  const proxy = response.status === 407;
  const challenges = findHeaders(response.headers, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate')
    .map(parseDigestHeader)
    .filter((c) => c !== undefined);
  const challenge = chooseChallenge(challenges);
  if (!challenge) return undefined;
  // A second challenge that is not "stale" means the credentials were refused: stop.
  if (alreadyAnswered && challenge.stale?.toLowerCase() !== 'true') return undefined;
  const chosen = credentials.find((c) => c.realm === undefined || c.realm === challenge.realm);
  if (!chosen) return undefined;
  const header = proxy ? 'Proxy-Authorization' : 'Authorization';
  remember?.({ challenge, credentials: chosen, header, nc: 1 });
  // Status, realm and algorithm only: never the password, the nonce's answer or the response hash.
  debug?.('sip auth challenge answered', {
    method: request.method,
    status: response.status,
    realm: challenge.realm,
    algorithm: challenge.algorithm ?? 'MD5',
    stale: challenge.stale?.toLowerCase() === 'true',
  });
  return bumpCSeq(withAnswer(headers, header, authorize(challenge, chosen, signed(request))));
}

/**
 * The request's headers with an answer to the server's last challenge added before it asks
 * (its nonce, the nonce count incremented), when the cache has one for these credentials; the
 * headers unchanged otherwise. A server that challenges anyway gets a fresh answer (answerChallenge).
 */
export function withCachedAnswer(
  cache: DigestAnswerCache,
  server: Endpoint,
  request: OutgoingRequest,
  headers: readonly HeaderField[],
  credentials: readonly DigestCredentials[],
): readonly HeaderField[] {
  if (credentials.length === 0) return headers;
  const entry = cache.find(server, credentials);
  if (!entry) return headers;
  entry.nc++;
  return withAnswer(
    headers,
    entry.header,
    authorize(entry.challenge, entry.credentials, signed(request), entry.nc),
  );
}

function signed(request: OutgoingRequest): { method: string; uri: string; body: Buffer } {
  return { method: request.method, uri: request.uri, body: Buffer.from(request.body, 'utf8') };
}

function withAnswer(headers: readonly HeaderField[], name: string, value: string): HeaderField[] {
  return [...headers.filter((h) => h.name.toLowerCase() !== name.toLowerCase()), { name, value }];
}

function bumpCSeq(headers: readonly HeaderField[]): HeaderField[] {
  return headers.map((h) => {
    if (h.name.toLowerCase() !== 'cseq') return h;
    const match = /^(\d+)\s+(\S+)$/.exec(h.value.trim());
    return match ? { name: h.name, value: `${Number(match[1]) + 1} ${match[2]}` } : h;
  });
}
