import { unescapeChars } from './escape.js';
import { ipv6Address } from './ip.js';
import { parseSipUri, type SipUri } from './sip-uri.js';

/** Parameters that, present in one URI, must be present and equal in the other (RFC 3261 §19.1.4). */
const MUST_MATCH = ['transport', 'user', 'ttl', 'method', 'maddr'];

/**
 * URI equivalence per RFC 3261 §19.1.4: scheme and user/password exact (after unescaping), host
 * case-insensitive, an explicit port never equals an absent one, the five special parameters
 * must agree, other parameters only where both have them, and headers must match as a set.
 * Unparsable input is never equal to anything.
 */
export function sipUriEquals(a: SipUri | string, b: SipUri | string): boolean {
  const x = toUri(a);
  const y = toUri(b);
  if (!x || !y) return false;
  if (x.scheme !== y.scheme || x.user !== y.user || x.password !== y.password) return false;
  if (hostKey(x) !== hostKey(y) || x.port !== y.port) return false;
  const px = paramMap(x);
  const py = paramMap(y);
  for (const name of MUST_MATCH) if (px.get(name) !== py.get(name)) return false;
  for (const [name, value] of px) if (py.has(name) && py.get(name) !== value) return false;
  return headerKey(x) === headerKey(y);
}

function toUri(value: SipUri | string): SipUri | undefined {
  if (typeof value !== 'string') return value;
  const result = parseSipUri(value);
  return result.ok ? result.value : undefined;
}

function paramMap(uri: SipUri): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name, value } of uri.params) {
    map.set(unescapeChars(name).toLowerCase(), value === null ? '' : unescapeChars(value).toLowerCase());
  }
  return map;
}

function headerKey(uri: SipUri): string {
  return uri.headers
    .map(({ name, value }) => `${unescapeChars(name).toLowerCase()}=${unescapeChars(value)}`)
    .sort()
    .join('&');
}

/** The host compared case-insensitively; an IPv6 reference in RFC 5118's three-colon form equals its two-colon form. */
function hostKey(uri: SipUri): string {
  return (uri.hostType === 'ipv6' ? ipv6Address(uri.host) : uri.host).toLowerCase();
}
