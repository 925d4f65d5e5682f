import { randomBytes } from 'node:crypto';
import { type DigestAlgorithm, hashHex, parseAlgorithm } from './algorithms.js';
import { type DigestParams, quote } from './challenge.js';

export interface DigestInput {
  algorithm: DigestAlgorithm;
  session: boolean;
  username: string;
  password: string;
  realm: string;
  method: string;
  uri: string;
  nonce: string;
  cnonce?: string;
  nc?: string;
  qop?: 'auth' | 'auth-int';
  /** Entity body, for qop=auth-int. */
  body?: Buffer;
}

/** The `response` value of RFC 7616 §3.4.1 (RFC 2617 when there is no qop). */
export function digestResponse(input: DigestInput): string {
  const h = (data: string | Buffer): string => hashHex(input.algorithm, data);
  let ha1 = h(`${input.username}:${input.realm}:${input.password}`);
  if (input.session) ha1 = h(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const ha2 =
    input.qop === 'auth-int'
      ? h(`${input.method}:${input.uri}:${h(input.body ?? Buffer.alloc(0))}`)
      : h(`${input.method}:${input.uri}`);
  return input.qop
    ? h(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`)
    : h(`${ha1}:${input.nonce}:${ha2}`);
}

export interface DigestCredentials {
  username: string;
  password: string;
  /** Only answer challenges for this realm (any realm when unset). */
  realm?: string;
}

/** Picks the strongest challenge we can answer; each is the parsed params of one header. */
export function chooseChallenge(challenges: DigestParams[]): DigestParams | undefined {
  const usable = challenges.filter(
    (c) => c.nonce !== undefined && c.realm !== undefined && parseAlgorithm(c.algorithm),
  );
  const rank = (c: DigestParams): number =>
    ['SHA-512-256', 'SHA-256', 'MD5'].indexOf(parseAlgorithm(c.algorithm)!.base);
  return usable.sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * The Authorization / Proxy-Authorization value answering `challenge` (RFC 7616 §3.4). Prefers
 * qop=auth, uses auth-int when it is the only one offered. `nc` is the nonce count (1 for a fresh nonce).
 */
export function authorize(
  challenge: DigestParams,
  credentials: DigestCredentials,
  request: { method: string; uri: string; body: Buffer },
  nc = 1,
): string {
  const algorithm = parseAlgorithm(challenge.algorithm);
  if (!algorithm) throw new Error(`unsupported digest algorithm ${challenge.algorithm}`);
  const offered = (challenge.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
  const cnonce = randomBytes(16).toString('base64url');
  const ncText = nc.toString(16).padStart(8, '0');
  const response = digestResponse({
    algorithm: algorithm.base,
    session: algorithm.session,
    username: credentials.username,
    password: credentials.password,
    realm: challenge.realm ?? '',
    method: request.method,
    uri: request.uri,
    nonce: challenge.nonce ?? '',
    cnonce,
    nc: ncText,
    qop,
    body: request.body,
  });
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm ?? '')}`,
    `nonce=${quote(challenge.nonce ?? '')}`,
    `uri=${quote(request.uri)}`,
    `response=${quote(response)}`,
    `algorithm=${algorithm.name}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${ncText}`, `cnonce=${quote(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
