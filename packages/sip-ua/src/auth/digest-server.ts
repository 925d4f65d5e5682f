import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DigestAlgorithm } from './algorithms.js';
import { parseAlgorithm } from './algorithms.js';
import { type DigestParams, parseDigestHeader, quote } from './challenge.js';
import { digestResponse } from './digest.js';

export interface DigestServerOptions {
  realm: string;
  /** Algorithms to offer, one challenge header each, strongest first (default SHA-256 then MD5). */
  algorithms?: DigestAlgorithm[];
  /** How long a nonce is good for; an older one is answered with stale=true (default 300 s). */
  nonceTtlMs?: number;
  now?: () => number;
}

export type DigestVerdict =
  | { ok: true; username: string }
  | {
      ok: false;
      reason:
        | 'missing'
        | 'malformed'
        | 'unknown-user'
        | 'wrong-credentials'
        | 'stale'
        | 'replay'
        | 'wrong-realm'
        | 'wrong-uri';
    };

/**
 * Digest authentication as a server: stateless HMAC-signed nonces carrying their issue time,
 * stale detection, and a bounded nonce-count record against replays.
 */
export class DigestServer {
  readonly realm: string;
  private readonly secret = randomBytes(32);
  private readonly algorithms: DigestAlgorithm[];
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly counts = new Map<string, number>();

  constructor(options: DigestServerOptions) {
    this.realm = options.realm;
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    this.ttl = options.nonceTtlMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  /** WWW-Authenticate (or Proxy-Authenticate) values, one per algorithm. */
  challenges(stale = false): string[] {
    const nonce = this.newNonce();
    return this.algorithms.map(
      (algorithm) =>
        `Digest realm=${quote(this.realm)}, nonce=${quote(nonce)}, algorithm=${algorithm}, qop="auth"${stale ? ', stale=true' : ''}`,
    );
  }

  /** Checks an Authorization header against the request and the user's password. */
  verify(
    header: string | undefined,
    request: { method: string; uri: string; body: Buffer },
    passwordFor: (username: string) => string | undefined,
  ): DigestVerdict {
    if (header === undefined) return { ok: false, reason: 'missing' };
    const params = parseDigestHeader(header);
    const algorithm = parseAlgorithm(params?.algorithm);
    if (!params || !algorithm || !params.username || !params.nonce || !params.response || !params.uri) {
      return { ok: false, reason: 'malformed' };
    }
    if (params.realm !== this.realm) return { ok: false, reason: 'wrong-realm' };
    if (params.uri !== request.uri) return { ok: false, reason: 'wrong-uri' };
    const password = passwordFor(params.username);
    if (password === undefined) return { ok: false, reason: 'unknown-user' };
    const age = this.nonceAge(params.nonce);
    if (age === undefined) return { ok: false, reason: 'wrong-credentials' };
    const qop = params.qop === 'auth' || params.qop === 'auth-int' ? params.qop : undefined;
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
    if (!sameText(expected, params.response.toLowerCase())) return { ok: false, reason: 'wrong-credentials' };
    if (age > this.ttl) return { ok: false, reason: 'stale' };
    if (qop && !this.acceptCount(params.nonce, Number.parseInt(params.nc ?? '', 16)))
      return { ok: false, reason: 'replay' };
    return { ok: true, username: params.username };
  }

  private newNonce(): string {
    const issued = this.now().toString(36);
    const salt = randomBytes(8).toString('base64url');
    return `${issued}.${salt}.${this.sign(`${issued}.${salt}`)}`;
  }

  /** Milliseconds since the nonce was issued, or undefined if we did not issue it. */
  private nonceAge(nonce: string): number | undefined {
    const [issued, salt, signature] = nonce.split('.');
    if (!issued || !salt || !signature || !sameText(signature, this.sign(`${issued}.${salt}`)))
      return undefined;
    return this.now() - Number.parseInt(issued, 36);
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(`${this.realm}\n${text}`).digest('base64url');
  }

  /** Nonce counts must grow (RFC 7616 §3.4); the record is bounded so it cannot grow without end. */
  private acceptCount(nonce: string, nc: number): boolean {
    if (!Number.isFinite(nc) || nc < 1) return false;
    const last = this.counts.get(nonce) ?? 0;
    if (nc <= last) return false;
    this.counts.set(nonce, nc);
    if (this.counts.size > 10_000) this.counts.delete(this.counts.keys().next().value as string);
    return true;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type { DigestParams };
