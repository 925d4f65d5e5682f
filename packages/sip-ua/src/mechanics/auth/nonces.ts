import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Outcome } from '@messagesend/core';
import { NonceRejection, type NonceRejectionReason } from '../errors.js';

export type NonceCheck = Outcome<{ issuedAt: number }, NonceRejectionReason>;

const UNKNOWN: NonceCheck = {
  ok: false,
  reason: NonceRejection.Unknown,
  detail: 'a nonce this server never issued',
};
const FOREIGN: NonceCheck = {
  ok: false,
  reason: NonceRejection.Foreign,
  detail: 'a nonce issued to another source address',
};

/**
 * Stateless server nonces, as Asterisk's res_pjsip builds them: the issue time and the address the
 * challenge was sent to, signed (HMAC-SHA-256, per-process key) with the realm, so a nonce is good
 * only from that address and only while young. Asterisk hashes the address into the nonce; here a
 * keyed tag of it is carried so a moved client can be told apart from a forger.
 */
export class NonceSigner {
  private readonly key = randomBytes(32);

  constructor(private readonly realm: string) {}

  issue(now: number, source = ''): string {
    const body = `${now.toString(36)}.${randomBytes(8).toString('base64url')}.${this.tag(source)}`;
    return `${body}.${this.mac(body)}`;
  }

  check(nonce: string, source = ''): NonceCheck {
    const parts = nonce.split('.');
    const [issued = '', , tag = '', signature = ''] = parts;
    if (parts.length !== 4 || !/^[0-9a-z]{1,12}$/.test(issued)) return UNKNOWN;
    if (!sameText(signature, this.mac(parts.slice(0, 3).join('.')))) return UNKNOWN;
    if (!sameText(tag, this.tag(source))) return FOREIGN;
    return { ok: true, issuedAt: Number.parseInt(issued, 36) };
  }

  private tag(source: string): string {
    return this.mac(`source\n${source}`).slice(0, 11);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(`${this.realm}\n${text}`).digest('base64url');
  }
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
