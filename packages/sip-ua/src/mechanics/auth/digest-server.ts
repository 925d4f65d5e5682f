import type { Failure, Outcome } from '@messagesend/core';
import { DigestRejection, type DigestRejectionReason, NonceRejection } from '../errors.js';
import type { DigestAlgorithm } from './algorithms.js';
import { parseAlgorithm } from './algorithms.js';
import { type DigestParams, parseDigestHeader, quote } from './challenge.js';
import { digestResponse } from './digest.js';
import { NonceUses } from './nonce-uses.js';
import { NonceSigner, sameText } from './nonces.js';

/** Asterisk's res_pjsip `nonce_lifetime` default (seconds). */
export const DEFAULT_NONCE_LIFETIME_MS = 32_000;
/** How many nonces' uses are remembered at most (see NonceUses). */
export const DEFAULT_MAX_TRACKED_NONCES = 10_000;

export interface DigestServerOptions {
  realm: string;
  /** Algorithms to offer, one challenge header each, strongest first (default SHA-256 then MD5). */
  algorithms?: DigestAlgorithm[];
  /** How long a nonce is good for; an older one is answered with stale=true (default 32 s, as Asterisk). */
  nonceTtlMs?: number;
  /**
   * Accept answers without qop (RFC 2069), each nonce once (default false: refused, reason
   * `no-qop`). Only `qop="auth"` is ever offered.
   */
  allowRfc2069?: boolean;
  /** Nonces whose uses are remembered (default 10,000); older ones become stale when it fills. */
  maxTrackedNonces?: number;
  now?: () => number;
}

export type DigestVerdict = Outcome<{ username: string }, DigestRejectionReason>;

/** One detail per refusal (never the answer's values: they include the digest response). */
const DETAIL: Record<DigestRejectionReason, string> = {
  [DigestRejection.Missing]: 'no Authorization header',
  [DigestRejection.Malformed]: 'not a usable Digest answer',
  [DigestRejection.UnknownUser]: 'the username has no password here',
  [DigestRejection.WrongCredentials]: 'wrong password or a nonce never issued',
  [DigestRejection.Stale]: 'the nonce expired, was issued elsewhere or was forgotten',
  [DigestRejection.Replay]: 'the answer was already used',
  [DigestRejection.NoQop]: 'an answer without qop',
  [DigestRejection.WrongRealm]: 'another realm than the challenge',
  [DigestRejection.WrongUri]: 'the digest uri is not the Request-URI',
};

/** The verdict refusing an answer for `reason`. */
export function digestRejected<R extends DigestRejectionReason>(reason: R): Failure<R> {
  return { ok: false, reason, detail: DETAIL[reason] };
}

/** What verify() needs of the request; `source` is the sender's address the nonce is bound to. */
export interface DigestRequest {
  method: string;
  uri: string;
  body: Buffer;
  source?: string;
}

/**
 * Digest authentication as a server: stateless signed nonces bound to the sender's address and a
 * short lifetime, stale detection, and a bounded record of uses so no answer can be replayed.
 */
export class DigestServer {
  readonly realm: string;
  private readonly signer: NonceSigner;
  private readonly uses: NonceUses;
  private readonly algorithms: DigestAlgorithm[];
  private readonly ttl: number;
  private readonly allowRfc2069: boolean;
  private readonly now: () => number;

  constructor(options: DigestServerOptions) {
    this.realm = options.realm;
    this.signer = new NonceSigner(options.realm);
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    this.ttl = options.nonceTtlMs ?? DEFAULT_NONCE_LIFETIME_MS;
    this.allowRfc2069 = options.allowRfc2069 === true;
    this.now = options.now ?? Date.now;
    this.uses = new NonceUses(options.maxTrackedNonces ?? DEFAULT_MAX_TRACKED_NONCES, this.ttl);
  }

  /** WWW-Authenticate (or Proxy-Authenticate) values, one per algorithm, for a sender at `source`. */
  challenges(stale = false, source?: string): string[] {
    const nonce = this.signer.issue(this.now(), source);
    return this.algorithms.map(
      (algorithm) =>
        `Digest realm=${quote(this.realm)}, nonce=${quote(nonce)}, algorithm=${algorithm}, qop="auth"${stale ? ', stale=true' : ''}`,
    );
  }

  /** Checks an Authorization header against the request and the user's password. */
  verify(
    header: string | undefined,
    request: DigestRequest,
    passwordFor: (username: string) => string | undefined,
  ): DigestVerdict {
    if (header === undefined) return digestRejected(DigestRejection.Missing);
    const params = parseDigestHeader(header);
    const algorithm = parseAlgorithm(params?.algorithm);
    if (!params || !algorithm || !params.username || !params.nonce || !params.response || !params.uri) {
      return digestRejected(DigestRejection.Malformed);
    }
    if (params.realm !== this.realm) return digestRejected(DigestRejection.WrongRealm);
    if (params.uri !== request.uri) return digestRejected(DigestRejection.WrongUri);
    const password = passwordFor(params.username);
    if (password === undefined) return digestRejected(DigestRejection.UnknownUser);
    const nonce = this.signer.check(params.nonce, request.source);
    if (!nonce.ok && nonce.reason === NonceRejection.Unknown)
      return digestRejected(DigestRejection.WrongCredentials);
    const qop = params.qop === 'auth' || params.qop === 'auth-int' ? params.qop : undefined;
    const count = qop ? parseNonceCount(params.nc) : undefined;
    if ((params.qop !== undefined && !qop) || (qop && count === undefined))
      return digestRejected(DigestRejection.Malformed);
    const expected = digestResponse({
      algorithm: algorithm.base,
      session: algorithm.session,
      username: params.username,
      password,
      realm: this.realm,
      method: request.method,
      uri: params.uri,
      nonce: params.nonce,
      cnonce: params.cnonce,
      nc: params.nc,
      qop,
      body: request.body,
    });
    if (!sameText(expected, params.response.toLowerCase()))
      return digestRejected(DigestRejection.WrongCredentials);
    // Right password over a nonce that is not (or no longer) good for this sender: challenge again.
    const now = this.now();
    if (!nonce.ok || now - nonce.issuedAt > this.ttl || !this.uses.remembered(nonce.issuedAt))
      return digestRejected(DigestRejection.Stale);
    if (!qop && !this.allowRfc2069) return digestRejected(DigestRejection.NoQop);
    if (!this.uses.use(params.nonce, nonce.issuedAt, count, now))
      return digestRejected(DigestRejection.Replay);
    return { ok: true, username: params.username };
  }
}

/** `nc` is exactly 8 hex digits (RFC 7616 §3.4). */
function parseNonceCount(nc: string | undefined): number | undefined {
  return nc !== undefined && /^[0-9a-f]{8}$/i.test(nc) ? Number.parseInt(nc, 16) : undefined;
}

export type { DigestParams };
