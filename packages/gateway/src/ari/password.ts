import { timingSafeEqual } from 'node:crypto';
import { verify as verifyCrypt } from 'unixcrypt';
import type { AriUser } from '../config/ari-conf.js';

/** Same-length constant-time compare: a wrong guess takes as long as a near one. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a password as res_ari does: plain compares the text; crypt hashes it with the stored
 * salt (crypt(3)). Node has no crypt(3), so `unixcrypt` computes the SHA-256 ($5$) and SHA-512 ($6$)
 * schemes; older DES/MD5 crypt hashes are refused when ari.conf is read.
 */
export function passwordMatches(user: AriUser, password: string): boolean {
  if (user.passwordFormat === 'plain') return sameText(user.password, password);
  try {
    return verifyCrypt(password, user.password);
  } catch {
    return false;
  }
}
