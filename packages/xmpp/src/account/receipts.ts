import type { Element } from '@xmpp/xml';
import { XmppReason } from '../errors.js';
import type { Report } from './outbox.js';

/** XEP-0184 message delivery receipts. */
export const NS_RECEIPTS = 'urn:xmpp:receipts';

/** The id of the message a receipt confirms, or undefined when the stanza is none. */
export function receiptFor(stanza: Element): string | undefined {
  return stanza.getChild('received', NS_RECEIPTS)?.attrs.id;
}

export function receiptReport(): Report {
  return {
    outcome: 'delivered',
    code: XmppReason.Receipt,
    detail: 'receipt from the recipient (XEP-0184)',
  };
}
