import { sanitizeRemoteText } from '@messagesend/core';
import type { Element } from '@xmpp/xml';
import { XmppReason } from '../errors.js';
import type { Report } from './outbox.js';

/** The id of the message a stanza error answers, or undefined when the stanza is no error. */
export function stanzaErrorFor(stanza: Element): string | undefined {
  return stanza.attrs.type === 'error' ? stanza.attrs.id : undefined;
}

export function stanzaErrorReport(stanza: Element): Report {
  return { outcome: 'rejected', code: XmppReason.StanzaError, detail: stanzaErrorDetail(stanza) };
}

/** `stanza error: <condition>`, plus the server's <text> with control characters stripped. */
function stanzaErrorDetail(stanza: Element): string {
  const error = stanza.getChild('error');
  const children = error?.children.filter((child): child is Element => typeof child !== 'string') ?? [];
  const condition = children.find((child) => child.name !== 'text')?.name ?? 'undefined-condition';
  const text = error?.getChildText('text', 'urn:ietf:params:xml:ns:xmpp-stanzas');
  return text
    ? `stanza error: ${sanitizeRemoteText(condition)}: ${sanitizeRemoteText(text)}`
    : `stanza error: ${sanitizeRemoteText(condition)}`;
}
