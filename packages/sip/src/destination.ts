import { isHostname, isIPv4, isIPv6, type ParseResult, parsed, parseFailure } from '@messagesend/core';
import type { SipConfig } from './config/types.js';

/** A chan_sip destination (R3.1): `user@hostport`, where hostport may name a peer. */
export interface SipTarget {
  /** The destination as given, prefix included. */
  text: string;
  /** Text before the first `@` (a password is not separated, as in chan_sip); empty when none. */
  user: string;
  /** Host part with any `:port`, parameters cut. */
  hostport: string;
  /** The configured type=peer/friend section whose name equals hostport exactly, if any. */
  peer?: string;
  /** For a non-peer: the host and explicit port. */
  host?: string;
  port?: number;
  /** A non-peer host that is all digits: chan_sip refuses it (FAILURE, not INVALID_URI). */
  numeric?: boolean;
}

/**
 * R3.1: if there is a `<...>` (outside quotes) only its content is used; the `sip:`/`sips:` scheme is
 * removed (any case; inside `<>` it may be missing, as chan_sip tolerates); user = text before the first `@`; hostport = the rest up to `;` or `?`. The
 * hostport must name a peer or be a valid host[:port] (decision 2: otherwise INVALID_URI).
 */
export function parseSipDestination(destination: string, config: SipConfig): ParseResult<SipTarget> {
  if (typeof destination !== 'string') return parseFailure('a destination must be a string', 0);
  let start = 0;
  let end = destination.length;
  const open = bracketOutsideQuotes(destination);
  if (open >= 0) {
    const close = destination.indexOf('>', open);
    if (close < 0) return parseFailure('missing ">"', open);
    start = open + 1;
    end = close;
  }
  // chan_sip's parse_uri only logs a missing scheme and parses on: inside <> it may be left out.
  const scheme = /^sips?:/i.exec(destination.slice(start, end));
  if (!scheme && open < 0) return parseFailure('expected "sip:" or "sips:"', start);
  start += scheme ? scheme[0].length : 0;
  const rest = destination.slice(start, end);
  const at = rest.indexOf('@');
  const user = at < 0 ? '' : rest.slice(0, at);
  const hostStart = at < 0 ? 0 : at + 1;
  const hostport = rest.slice(hostStart).split(/[;?]/)[0]!;
  const offset = start + hostStart;
  if (hostport === '') return parseFailure('MESSAGE(to) is invalid for SIP: empty host', offset);
  if (/[\s\u0000-\u001f<>"]/.test(user)) return parseFailure('invalid character in the user part', start);
  const target: SipTarget = { text: destination, user, hostport };
  // chan_sip create_addr looks the host up with FINDPEERS: a type=user section is not a peer.
  if (isPeerSection(config, hostport)) {
    // Added to the object, not spread into a new one: on Node 20 a spread of a just-made object
    // in optimized code gives the copy a hidden class of its own (test/target-shape.test.ts).
    target.peer = hostport;
    return parsed(target);
  }

  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostport);
  if (!match || (match[2] !== undefined && Number(match[2]) > 65535))
    return parseFailure(`invalid host "${hostport}"`, offset);
  const host = match[1]!;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const valid = isIPv4(host) || (host.startsWith('[') && isIPv6(bare)) || isHostname(host);
  if (!valid && !/^\d+$/.test(host)) return parseFailure(`invalid host "${host}"`, offset);
  if (/^\d+$/.test(host)) target.numeric = true;
  target.host = host;
  if (match[2] !== undefined) target.port = Number(match[2]);
  return parsed(target);
}

function bracketOutsideQuotes(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (ch === '<' && !quoted) return i;
  }
  return -1;
}

/** Whether `name` is a sip.conf section chan_sip finds as a peer (type=peer or friend). */
function isPeerSection(config: SipConfig, name: string): boolean {
  const section = Object.hasOwn(config.peers ?? {}, name) ? config.peers![name] : undefined;
  return section !== undefined && section.type !== 'user';
}
