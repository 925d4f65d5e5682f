import { formatJid, type Jid, type Outcome } from '@messagesend/core';
import xml, { type Element } from '@xmpp/xml';
import { NS_RECEIPTS } from './account/receipts.js';
import { bodyText } from './body-text.js';
import { XmppReason } from './errors.js';
import { oversizedStanza } from './stanza-size.js';
import { findForbiddenXmlChar } from './xml-chars.js';

/** `<message type="chat" to from id><body/></message>`, the body escaped (CR as `&#13;`); a receipt request if asked. */
export function chatMessage(to: string, from: string, id: string, body: string, receipts: boolean): Element {
  const stanza = xml('message', { type: 'chat', to, from, id }, xml('body', {}, bodyText(body)));
  if (receipts) stanza.append(xml('request', { xmlns: NS_RECEIPTS }));
  return stanza;
}

export type XmppOutgoing = Outcome<{ build: (from: string, id: string) => Element }>;

/**
 * The chat message to the target JID, built per send from the account's full JID and a stanza id; refused
 * when the server would drop the stream over it (and the resend after reconnecting too): a body
 * with a character XML 1.0 cannot carry, or a stanza over `maxStanzaBytes`.
 */
export function buildXmppOutgoing(input: {
  to: Jid;
  body: string;
  receipts: boolean;
  fullJid: string;
  maxStanzaBytes: number;
}): XmppOutgoing {
  const { body, receipts, fullJid, maxStanzaBytes: limit } = input;
  const forbidden = findForbiddenXmlChar(body);
  if (forbidden) {
    return {
      ok: false,
      reason: XmppReason.BodyInvalid,
      detail: `the body has ${forbidden.codePoint} at offset ${forbidden.offset}, which XML 1.0 (and so XMPP) cannot carry`,
    };
  }
  const to = formattedJid(input.to);
  const build = (from: string, id: string) => chatMessage(to, from, id, body, receipts);
  const size = oversizedStanza(body, () => build(fullJid, 'ms-000000000-0000').toString(), limit);
  if (size !== undefined) {
    return {
      ok: false,
      reason: XmppReason.BodyTooLarge,
      detail: `the message stanza would be ${size} bytes, over maxStanzaBytes (${limit}): the server would close the stream`,
    };
  }
  return { ok: true, build };
}

/** A target's JID printed once: the same (memoised) target comes back on every send to it. */
const formatted = new WeakMap<Jid, string>();

function formattedJid(jid: Jid): string {
  let text = formatted.get(jid);
  if (text === undefined) {
    text = formatJid(jid);
    formatted.set(jid, text);
  }
  return text;
}
