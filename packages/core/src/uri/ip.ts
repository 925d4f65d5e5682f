import { isDigit, isHexDigit } from './chars.js';

/**
 * RFC 3261 IPv4address, each octet limited to 0-255 (1 to 3 digits). `decOctet` applies RFC
 * 3986's stricter dec-octet (no leading zero), which holds inside an IPv6 reference.
 */
export function isIPv4(text: string, start = 0, end = text.length, decOctet = false): boolean {
  let octets = 0;
  let i = start;
  while (i <= end) {
    let value = 0;
    let count = 0;
    while (i < end && isDigit(text.charCodeAt(i))) {
      value = value * 10 + (text.charCodeAt(i) - 48);
      i++;
      count++;
    }
    if (count === 0 || count > 3 || value > 255) return false;
    if (decOctet && count > 1 && text.charCodeAt(i - count) === 48) return false;
    octets++;
    if (i === end) return octets === 4;
    if (text.charCodeAt(i) !== 46 || octets === 4) return false;
    i++;
  }
  return false;
}

/** RFC 4291 text form of an IPv6 address (no brackets), with an optional trailing IPv4 part (RFC 3986 IPv6address). */
export function isIPv6(text: string, start = 0, end = text.length): boolean {
  let groups = 0;
  let sawDoubleColon = false;
  let i = start;
  if (end - start < 2) return false;
  if (text.charCodeAt(i) === 58) {
    if (text.charCodeAt(i + 1) !== 58) return false;
    sawDoubleColon = true;
    i += 2;
    if (i === end) return true;
  }
  while (i < end) {
    const groupStart = i;
    while (i < end && isHexDigit(text.charCodeAt(i)) && i - groupStart < 5) i++;
    const length = i - groupStart;
    if (i < end && text.charCodeAt(i) === 46) {
      // An embedded IPv4 address takes the place of the last two groups.
      if (!isIPv4(text, groupStart, end, true)) return false;
      groups += 2;
      i = end;
      break;
    }
    if (length === 0 || length > 4) return false;
    groups++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (sawDoubleColon) return false;
      sawDoubleColon = true;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false; // a single trailing colon
    }
  }
  return sawDoubleColon ? groups <= 7 : groups === 8;
}

/**
 * An IPv6 reference's address as RFC 3261's ABNF allows it: RFC 4291 text, or RFC 5118 §4.10's
 * three-colon form (`2001:db8:::192.0.2.1`, a hexpart ending in `::` then `:` IPv4address),
 * which names the same address as `2001:db8::192.0.2.1`.
 */
export function isIPv6Reference(text: string, start = 0, end = text.length): boolean {
  return isIPv6(text, start, end) || threeColonAt(text, start, end) >= 0;
}

/** The RFC 4291 text of an IPv6 address given in either form, brackets removed; other text as it is. */
export function ipv6Address(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const at = threeColonAt(bare, 0, bare.length);
  return at < 0 ? bare : `${bare.slice(0, at)}${bare.slice(at + 1)}`;
}

/** Where the RFC 5118 `:::` IPv4 form starts, or -1 when the text is not in that form. */
function threeColonAt(text: string, start: number, end: number): number {
  const at = text.indexOf(':::', start);
  // Exactly one `:::`, followed by nothing but a dotted IPv4 address.
  if (at < 0 || at + 3 >= end || !isIPv4(text, at + 3, end, true)) return -1;
  const head = `${text.slice(start, at)}::`;
  return isIPv6(`${head}1.2.3.4`) ? at : -1;
}
