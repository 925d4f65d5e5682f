import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Outcome } from '@messagesend/core';
import type { Acl } from './acl.js';
import type { AmiUser } from './config.js';
import { AmiEventCode } from './errors.js';
import { type AmiPacket, getHeader } from './packet.js';

/** A configured user with its ACL compiled. */
export interface LoginUser extends AmiUser {
  compiledAcl: Acl;
}

/** A `Challenge:` value: a decimal number as Asterisk's `%ld` of `ast_random()`, but from a CSPRNG. */
export function newChallenge(): string {
  return String(randomInt(0, 2 ** 47));
}

/** The MD5 `Key:` a client sends for a challenge: lower-case hex of md5(challenge + secret). */
export function challengeKey(challenge: string, secret: string): string {
  return createHash('md5').update(challenge).update(secret).digest('hex');
}

/** Compares without leaking where two strings differ (hashing first makes the lengths equal). */
function sameText(a: string, b: string): boolean {
  const hash = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(hash(a), hash(b));
}

/** A refusal's `detail` says why, for the log (never with the secret or key). */
export type LoginCheck = Outcome<
  { user: LoginUser },
  typeof AmiEventCode.LoginFailed | typeof AmiEventCode.AclDenied
>;

/**
 * Asterisk's `authenticate()`: the user (`Username:`, case-insensitive), its ACL against the
 * peer address, then either `AuthType: MD5` with `Key:` against this session's challenge, or
 * `Secret:` compared as is. The answer says why for the log, never with the secret or key.
 */
export function checkLogin(
  packet: AmiPacket,
  users: ReadonlyMap<string, LoginUser>,
  address: string,
  challenge: string | undefined,
): LoginCheck {
  const failed = (detail: string): LoginCheck => ({ ok: false, reason: AmiEventCode.LoginFailed, detail });
  const username = getHeader(packet, 'Username');
  if (username === '') return failed('no Username');
  const user = users.get(username.toLowerCase());
  if (user === undefined) return failed('no such user');
  if (!user.compiledAcl.allows(address))
    return { ok: false, reason: AmiEventCode.AclDenied, detail: 'the address is denied by the ACL' };
  if (getHeader(packet, 'AuthType').toLowerCase() === 'md5') {
    const key = getHeader(packet, 'Key');
    if (key === '' || challenge === undefined || user.secret === undefined)
      return failed('MD5 login without a Key, a Challenge first, or a secret');
    return sameText(key, challengeKey(challenge, user.secret)) ? { ok: true, user } : failed('wrong MD5 key');
  }
  if (user.secret === undefined) return failed('the user has no secret');
  return sameText(getHeader(packet, 'Secret'), user.secret) ? { ok: true, user } : failed('wrong secret');
}
