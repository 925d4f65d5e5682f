import { isToken, MsgError } from '@messagesend/core';
import { SipErrorCode } from '../errors.js';

/** One header line, name as it is printed, value raw. */
export interface HeaderField {
  name: string;
  value: string;
}

/**
 * Every compact form in IANA's SIP header registry (RFC 3261 §7.3.3 and later RFCs), lower case:
 * the one table for parsing (canonicalHeaderName) and for data-header blocklists (fullHeaderName).
 * A data header named `f` or `v` is a From or Via on the wire, so blocklists compare full names.
 */
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/**
 * A header name in lower case, a compact form replaced by its full name. Only a one-letter name
 * is looked up, and only as an own key (a header named `constructor` stays `constructor`).
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return lower.length === 1 && Object.hasOwn(COMPACT_FORMS, lower) ? COMPACT_FORMS[lower]! : lower;
}

/** First value of a header (compact forms understood), or undefined. */
export function findHeader(headers: readonly HeaderField[], name: string): string | undefined {
  const wanted = canonicalHeaderName(name);
  for (const header of headers) if (canonicalHeaderName(header.name) === wanted) return header.value;
  return undefined;
}

/** Every value of a header, in order. */
export function findHeaders(headers: readonly HeaderField[], name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return headers
    .filter((header) => canonicalHeaderName(header.name) === wanted)
    .map((header) => header.value);
}

// Control characters other than horizontal tab: a CR or LF would let user input add headers.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Header lists already checked by buildRequest, so printing does not check them twice. */
export const checkedHeaders = new WeakSet<readonly HeaderField[]>();

/** Throws ERR_MSG_SIP_HEADER_INVALID unless `name` is a token and `value` has no CR, LF, NUL or other control character. */
export function assertSafeHeader(name: string, value: string): void {
  if (typeof name !== 'string' || !isToken(name)) {
    throw new MsgError(SipErrorCode.HeaderInvalid, `invalid SIP header name ${JSON.stringify(name)}`);
  }
  assertSafeHeaderValue(name, value);
}

/** The value half of assertSafeHeader, for a header whose name is the caller's own constant. */
export function assertSafeHeaderValue(name: string, value: string): void {
  if (typeof value !== 'string' || UNSAFE.test(value)) {
    throw new MsgError(
      SipErrorCode.HeaderInvalid,
      `the value of header ${name} contains a control character (CR, LF or NUL); refusing to send it`,
    );
  }
}

/** Throws unless `text` (a Request-URI, a method) is free of whitespace and control characters. */
export function assertSafeToken(what: string, text: string): void {
  if (typeof text !== 'string' || text === '' || /[\s\u0000-\u001f\u007f]/.test(text)) {
    throw new MsgError(SipErrorCode.HeaderInvalid, `invalid ${what} ${JSON.stringify(text)}`);
  }
}
