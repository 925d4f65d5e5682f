import { parseSipUri } from '@messagesend/core';
import type { SipConfig, SipPeerConfig } from './config/types.js';

export interface FromParts {
  displayName: string;
  user: string;
  domain: string;
}

/** `"Name" <number>` into its parts (chan_sip's callerid parsing, simplified to the common forms). */
export function parseCallerid(callerid: string | undefined): { name?: string; number?: string } {
  if (!callerid) return {};
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(callerid);
  if (!match) return { name: callerid.trim() };
  const name = (match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1').trim();
  const number = match[3]!.trim();
  // Added one by one, not spread from temporary objects: no hidden class per call (see destination.ts).
  const parts: { name?: string; number?: string } = {};
  if (name) parts.name = name;
  if (number) parts.number = number;
  return parts;
}

/**
 * R3.4: the From of a chan_sip MESSAGE. Only the `from` argument counts. The name of a
 * type=user or friend section gives its callerid; `name <location>` gives display and user (a URI location gives user and host,
 * its port dropped); anything else is only the display name. The destination peer's
 * fromuser/fromdomain are applied last.
 */
export function buildFrom(
  from: string | undefined,
  config: SipConfig,
  destinationPeer: SipPeerConfig | undefined,
  localHost: string,
): FromParts {
  // chan_sip copies [general] callerid raw into the From user (percent-encoded); a
  // `"name" <number>` value is read as name and number instead (compatibility R3.4).
  const general = parseCallerid(config.general?.callerId ?? 'asterisk');
  const generalUser = general.number ?? (config.general?.callerId?.includes('<') ? 'asterisk' : general.name);
  const fallback = general.name ?? generalUser ?? 'asterisk';
  const parts: FromParts = {
    displayName: fallback,
    user: generalUser ?? 'asterisk',
    domain: config.general?.fromDomain ?? localHost,
  };
  if (from !== undefined && from !== '') {
    // sip_msg_send: sip_find_peer(from, ..., FINDUSERS): only type=user/friend sections count.
    const section = Object.hasOwn(config.peers ?? {}, from) ? config.peers![from] : undefined;
    const peer = section?.type === 'peer' ? undefined : section;
    if (peer) {
      const callerid = parseCallerid(peer.callerId);
      parts.displayName = callerid.name ?? from;
      parts.user = callerid.number ?? from;
    } else if (from.includes('<')) {
      const { name, location } = callerIdParts(from);
      parts.displayName = name || fallback;
      if (location.includes(':')) {
        const uri = parseSipUri(location.trim());
        if (uri.ok) {
          parts.user = uri.value.user ?? '';
          parts.domain = uri.value.host.replace(/^\[(.*)\]$/, '$1');
        }
      } else {
        parts.user = location;
      }
    } else {
      parts.displayName = from;
    }
  }
  // initreqprep: an empty fromuser falls back to [general] callerid (default "asterisk").
  if (parts.user === '') parts.user = fallback;
  if (destinationPeer?.fromUser) parts.user = destinationPeer.fromUser;
  if (destinationPeer?.fromDomain) parts.domain = destinationPeer.fromDomain;
  return parts;
}

/**
 * main/callerid.c `ast_callerid_parse` for a value with `<`, then sip_msg_send's rule: the last
 * `<` starts the location, which ends at the last `>` after it or at the end (a missing `>` is
 * tolerated); the name before it loses its quotes and backslash escapes. An empty location takes
 * the name's place and the name is dropped (`"Bob" <>` is user Bob with the default display).
 */
function callerIdParts(from: string): { name: string; location: string } {
  const instr = stripQuoted(from.trim());
  const ls = instr.lastIndexOf('<');
  let location = instr.slice(ls + 1);
  const le = location.lastIndexOf('>');
  if (le >= 0) location = location.slice(0, le);
  const name = stripQuoted(instr.slice(0, ls).trim()).replace(/\\(.)/g, '$1');
  return location === '' ? { name: '', location: name } : { name, location };
}

/** `ast_strip_quoted(s, "\"", "\"")`: one pair of surrounding double quotes removed. */
function stripQuoted(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}
