import { parseDigestHeader } from '../auth/challenge.js';
import { authorize, chooseChallenge, type DigestCredentials } from '../auth/digest.js';
import { findHeaders, type HeaderField } from '../wire/headers.js';
import type { IncomingResponse, OutgoingRequest } from '../wire/message.js';

/** New headers carrying credentials for the challenge in `response`, with CSeq bumped; undefined to give up. */
export function answerChallenge(
  response: IncomingResponse,
  request: OutgoingRequest,
  headers: HeaderField[],
  credentials: DigestCredentials[],
  alreadyAnswered: boolean,
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
  const value = authorize(challenge, chosen, {
    method: request.method,
    uri: request.uri,
    body: Buffer.from(request.body, 'utf8'),
  });
  const kept = headers.filter((h) => h.name.toLowerCase() !== header.toLowerCase());
  return bumpCSeq([...kept, { name: header, value }]);
}

function bumpCSeq(headers: HeaderField[]): HeaderField[] {
  return headers.map((h) => {
    if (h.name.toLowerCase() !== 'cseq') return h;
    const match = /^(\d+)\s+(\S+)$/.exec(h.value.trim());
    return match ? { name: h.name, value: `${Number(match[1]) + 1} ${match[2]}` } : h;
  });
}
