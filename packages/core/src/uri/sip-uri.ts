import { type ParseResult, parsed, parseFailure } from '../parse-result.js';
import { HEADER_CHARS, isDigit, PARAM_CHARS, PASSWORD_CHARS, USER_CHARS } from './chars.js';
import { scanEscaped, unescapeChars } from './escape.js';
import { isHostname } from './hostname.js';
import { isIPv4, isIPv6Reference } from './ip.js';

export type SipScheme = 'sip' | 'sips';
export type HostType = 'hostname' | 'ipv4' | 'ipv6';

/** A URI parameter as written (escapes kept); `value` is null for a flag such as `lr`. */
export interface SipUriParam {
  name: string;
  value: string | null;
}

/** A URI header (`?name=value`) as written (escapes kept). */
export interface SipUriHeader {
  name: string;
  value: string;
}

/**
 * A SIP or SIPS URI (RFC 3261 §19.1). `user` and `password` are unescaped text; `host` is as
 * written (IPv6 inside brackets); parameters and headers are kept in order, as written.
 */
export interface SipUri {
  scheme: SipScheme;
  user?: string;
  password?: string;
  host: string;
  hostType: HostType;
  port?: number;
  params: SipUriParam[];
  headers: SipUriHeader[];
}

/**
 * Parses a SIP/SIPS URI per the RFC 3261 ABNF: one forward pass over char codes with table
 * lookups. Hand-written because the grammar-generated parsers (jssip, sip.js) are an order of
 * magnitude slower and the regex one (`sip`) rejects IPv6 hosts. Never throws.
 */
export function parseSipUri(input: string): ParseResult<SipUri> {
  if (typeof input !== 'string') return parseFailure('a SIP URI must be a string', 0);
  const end = input.length;
  let i = schemeLength(input);
  if (i === 0) return parseFailure('expected "sip:" or "sips:"', 0);
  const scheme: SipScheme = i === 4 ? 'sip' : 'sips';
  const uri: SipUri = { scheme, host: '', hostType: 'hostname', params: [], headers: [] };

  const at = input.indexOf('@', i);
  if (at >= 0) {
    const userEnd = scanEscaped(input, i, at, USER_CHARS);
    if (userEnd < 0) return parseFailure('malformed %-escape in the user part', -userEnd - 1);
    if (userEnd === i) return parseFailure('empty user part before "@"', i);
    if (userEnd < at && input.charCodeAt(userEnd) !== 58) {
      return parseFailure(`invalid character ${show(input, userEnd)} in the user part`, userEnd);
    }
    uri.user = unescapeChars(input.slice(i, userEnd));
    if (userEnd < at) {
      const passwordEnd = scanEscaped(input, userEnd + 1, at, PASSWORD_CHARS);
      if (passwordEnd < 0) return parseFailure('malformed %-escape in the password', -passwordEnd - 1);
      if (passwordEnd < at) {
        return parseFailure(`invalid character ${show(input, passwordEnd)} in the password`, passwordEnd);
      }
      uri.password = unescapeChars(input.slice(userEnd + 1, at));
    }
    i = at + 1;
  }

  const hostStart = i;
  if (input.charCodeAt(i) === 91) {
    const close = input.indexOf(']', i);
    if (close < 0) return parseFailure('unterminated IPv6 reference (missing "]")', i);
    // RFC 5118 §4.10: the three-colon form RFC 3261's ABNF allows is accepted (host kept as written).
    if (!isIPv6Reference(input, i + 1, close)) return parseFailure('invalid IPv6 address', i + 1);
    uri.hostType = 'ipv6';
    i = close + 1;
  } else {
    while (i < end && isHostChar(input.charCodeAt(i))) i++;
    if (i === hostStart) return parseFailure('expected a host', hostStart);
    if (isIPv4(input, hostStart, i)) uri.hostType = 'ipv4';
    else if (!isHostname(input, hostStart, i)) return parseFailure('invalid host name', hostStart);
  }
  uri.host = input.slice(hostStart, i);

  if (input.charCodeAt(i) === 58) {
    const portStart = ++i;
    let port = 0;
    while (i < end && isDigit(input.charCodeAt(i)) && port <= 65535)
      port = port * 10 + input.charCodeAt(i++) - 48;
    if (i === portStart) return parseFailure('expected a port number after ":"', portStart);
    if (port > 65535) return parseFailure('port out of range (0-65535)', portStart);
    uri.port = port;
  }

  while (input.charCodeAt(i) === 59) {
    const nameStart = ++i;
    i = scanEscaped(input, i, end, PARAM_CHARS);
    if (i < 0) return parseFailure('malformed %-escape in a URI parameter', -i - 1);
    if (i === nameStart) return parseFailure('empty URI parameter name', nameStart);
    const name = input.slice(nameStart, i);
    let value: string | null = null;
    if (input.charCodeAt(i) === 61) {
      const valueStart = ++i;
      i = scanEscaped(input, i, end, PARAM_CHARS);
      if (i < 0) return parseFailure('malformed %-escape in a URI parameter', -i - 1);
      if (i === valueStart) return parseFailure(`empty value for URI parameter "${name}"`, valueStart);
      value = input.slice(valueStart, i);
      const problem = paramValueProblem(name, value);
      if (problem) return parseFailure(problem, valueStart);
    }
    uri.params.push({ name, value });
  }

  if (input.charCodeAt(i) === 63) {
    do {
      const nameStart = ++i;
      i = scanEscaped(input, i, end, HEADER_CHARS);
      if (i < 0) return parseFailure('malformed %-escape in a URI header', -i - 1);
      if (i === nameStart) return parseFailure('empty URI header name', nameStart);
      if (input.charCodeAt(i) !== 61) return parseFailure('expected "=" after a URI header name', i);
      const name = input.slice(nameStart, i);
      const valueStart = ++i;
      i = scanEscaped(input, i, end, HEADER_CHARS);
      if (i < 0) return parseFailure('malformed %-escape in a URI header', -i - 1);
      uri.headers.push({ name, value: input.slice(valueStart, i) });
    } while (input.charCodeAt(i) === 38);
  }

  if (i !== end) return parseFailure(`unexpected character ${show(input, i)}`, i);
  return parsed(uri);
}

/** 4 for `sip:`, 5 for `sips:` (any case), 0 otherwise. */
function schemeLength(input: string): number {
  if (input.length < 4) return 0;
  const s = input.charCodeAt(0) | 32;
  const i = input.charCodeAt(1) | 32;
  const p = input.charCodeAt(2) | 32;
  if (s !== 115 || i !== 105 || p !== 112) return 0;
  const fourth = input.charCodeAt(3);
  if (fourth === 58) return 4;
  return (fourth | 32) === 115 && input.charCodeAt(4) === 58 ? 5 : 0;
}

function isHostChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || isDigit(code) || code === 45 || code === 46
  );
}

/** The URI parameters whose values RFC 3261 restricts beyond `paramchar`. */
function paramValueProblem(name: string, value: string): string | undefined {
  switch (name.toLowerCase()) {
    case 'ttl':
      return /^\d{1,3}$/.test(value) && Number(value) <= 255 ? undefined : 'ttl must be 0-255';
    case 'maddr': {
      const ipv6 =
        value.startsWith('[') && value.endsWith(']') && isIPv6Reference(value, 1, value.length - 1);
      return ipv6 || isIPv4(value) || isHostname(value) ? undefined : 'maddr must be a host';
    }
    default:
      return undefined;
  }
}

function show(input: string, at: number): string {
  return JSON.stringify(input.charAt(at));
}
