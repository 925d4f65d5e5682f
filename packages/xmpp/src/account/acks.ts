import type { XmppConnection } from '../connection/connection.js';
import { XmppReason } from '../errors.js';
import type { Pending, Report } from './outbox.js';

/**
 * Whether the server will acknowledge what is written now (XEP-0198 stream management). Asked
 * before writing: once the stream breaks, xmpp.js forgets it had stream management.
 */
export function serverAcks(connection: XmppConnection): boolean {
  return connection.sm.enabled || connection.sm.enableSent;
}

/** Without stream management the server gives no ack: written is as far as we can know. */
export function writtenReport(): Report {
  return {
    outcome: 'delivered',
    code: XmppReason.Written,
    detail: 'written (the server has no stream management)',
  };
}

/** The server acknowledged the message: delivered, or (waiting for a receipt) acked. */
export function acknowledged(pending: Pending, receipts: boolean): void {
  if (receipts) pending.acked = true;
  else
    pending.settle({
      outcome: 'delivered',
      code: XmppReason.Ack,
      detail: 'acknowledged by the server (XEP-0198)',
    });
}
