import { type Jid, type ParseResult, parsed, parseFailure, parseJid } from '@messagesend/core';

export interface XmppTarget {
  jid: Jid;
}

/** `<name>:<jid>`: the JID after the first `:`, by RFC 7622's grammar (decision 2: otherwise INVALID_URI). */
export function parseXmppDestination(destination: string, name: string): ParseResult<XmppTarget> {
  if (typeof destination !== 'string') return parseFailure('a destination must be a string', 0);
  const colon = destination.indexOf(':');
  if (colon < 0) return parseFailure(`expected "${name}:<jid>"`, destination.length);
  const jid = parseJid(destination.slice(colon + 1));
  return jid.ok
    ? parsed({ jid: jid.value })
    : parseFailure(`not a valid JID: ${jid.error.message}`, colon + 1 + jid.error.offset);
}
