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
  return { ...(name ? { name } : {}), ...(number ? { number } : {}) };
}

/**
 * R3.4: the From of a chan_sip MESSAGE. Only the `from` argument counts. A peer name gives the
 * peer's callerid; `name <location>` gives display and user (a URI location gives user and host,
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
  const general = parseCallerid(config.general?.callerid ?? 'asterisk');
  const generalUser = general.number ?? (config.general?.callerid?.includes('<') ? 'asterisk' : general.name);
  const fallback = general.name ?? generalUser ?? 'asterisk';
  const parts: FromParts = {
    displayName: fallback,
    user: generalUser ?? 'asterisk',
    domain: config.general?.fromdomain ?? localHost,
  };
  if (from !== undefined && from !== '') {
    const peer = Object.hasOwn(config.peers ?? {}, from) ? config.peers![from] : undefined;
    if (peer) {
      const callerid = parseCallerid(peer.callerid);
      parts.displayName = callerid.name ?? from;
      parts.user = callerid.number ?? from;
    } else if (from.includes('<')) {
      const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>/.exec(from);
      const name = (match?.[1] ?? match?.[2] ?? '').replace(/\\(.)/g, '$1').trim();
      const location = match?.[3]?.trim() ?? '';
      parts.displayName = name || fallback;
      if (location.includes(':')) {
        const uri = parseSipUri(location);
        if (uri.ok) {
          parts.user = uri.value.user ?? '';
          parts.domain = uri.value.host.replace(/^\[(.*)\]$/, '$1');
        }
      } else if (location !== '') {
        parts.user = location;
      }
    } else {
      parts.displayName = from;
    }
  }
  if (destinationPeer?.fromuser) parts.user = destinationPeer.fromuser;
  if (destinationPeer?.fromdomain) parts.domain = destinationPeer.fromdomain;
  return parts;
}
