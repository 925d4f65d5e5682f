import { createHash, randomBytes } from 'node:crypto';

/**
 * A message id that is also a valid SIP Call-ID and XMPP stanza id (hex only). An idempotency
 * key maps to the same id every time, so a repeated enqueue finds the job already there.
 */
export function messageId(idempotencyKey?: string): string {
  if (idempotencyKey === undefined) return `m${randomBytes(16).toString('hex')}`;
  return `k${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}

export function isMessageId(value: string): boolean {
  return /^[mk][0-9a-f]{32}$/.test(value);
}
