import type { Endpoint } from '../wire/message.js';
import type { DigestParams } from './challenge.js';
import type { DigestCredentials } from './digest.js';

/** A challenge we answered, kept to answer the next request to the same server before it asks. */
export interface CachedChallenge {
  challenge: DigestParams;
  credentials: DigestCredentials;
  header: 'Authorization' | 'Proxy-Authorization';
  /** Nonce count of the last answer sent with this nonce. */
  nc: number;
}

/** Servers remembered per stack at most; the oldest is forgotten first. */
export const ANSWER_CACHE_LIMIT = 1000;

/**
 * The last challenge per server (transport, address and port) and realm, so a proxy that
 * challenges every request costs one round trip after the first (RFC 7616 §3.4: the nonce is
 * reused with the nonce count incremented). A new challenge replaces the entry.
 */
export class DigestAnswerCache {
  private readonly entries = new Map<string, CachedChallenge>();

  /** The entry for `server` whose credentials are among the request's; undefined otherwise. */
  find(server: Endpoint, credentials: readonly DigestCredentials[]): CachedChallenge | undefined {
    const key = serverKey(server);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Only credentials this request was given may answer for it (never another endpoint's).
    const same = credentials.some(
      (c) =>
        c.username === entry.credentials.username &&
        c.password === entry.credentials.password &&
        (c.realm === undefined || c.realm === entry.challenge.realm),
    );
    return same ? entry : undefined;
  }

  remember(server: Endpoint, entry: CachedChallenge): void {
    const key = serverKey(server);
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > ANSWER_CACHE_LIMIT) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(server: Endpoint): void {
    this.entries.delete(serverKey(server));
  }
}

const serverKey = (server: Endpoint): string => `${server.protocol}|${server.address}|${server.port}`;

const caches = new WeakMap<object, DigestAnswerCache>();

/** One cache per stack (keyed by its context object), gone with it. */
export function answerCacheOf(owner: object): DigestAnswerCache {
  let cache = caches.get(owner);
  if (!cache) {
    cache = new DigestAnswerCache();
    caches.set(owner, cache);
  }
  return cache;
}
