import type { InboundMessage } from '@messagesend/core';
import type { Element } from '@xmpp/xml';

/**
 * A chat or normal message with a body as the router's inbound message (for an account with
 * sendtodialplan=yes): from and destination the sender's full JID, to the account's username.
 * Undefined for any other stanza.
 */
export function inboundMessage(
  stanza: Element,
  account: { name: string; username: string },
): Omit<InboundMessage, 'tech'> | undefined {
  const body = stanza.getChildText('body');
  const type = stanza.attrs.type ?? 'normal';
  if (body === null || (type !== 'chat' && type !== 'normal')) return undefined;
  const from = stanza.attrs.from ?? '';
  return {
    body,
    from: `xmpp:${from}`,
    to: `xmpp:${account.username}`,
    endpoint: account.name,
    destination: `xmpp:${from}`,
    data: {
      XMPP_ACCOUNT: account.name,
      // res_xmpp's XMPP_BUDDY: the sender's bare JID (the resource dropped).
      XMPP_BUDDY: from.replace(/\/.*$/, ''),
      ...(stanza.attrs.id ? { XMPP_MESSAGE_ID: stanza.attrs.id } : {}),
    },
  };
}
