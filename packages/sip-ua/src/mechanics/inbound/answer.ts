import { MsgError } from '@messagesend/core';
import { SipErrorCode } from '../errors.js';
import { newTag } from '../ids.js';
import { assertSafeHeader, canonicalHeaderName, type HeaderField } from '../wire/headers.js';

const COPIED: Record<string, string> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
};

/**
 * Via (all), From, To, Call-ID and CSeq as the request carried them (RFC 3261 §8.2.6.2), in
 * canonical spelling, with a To tag added to every non-100 response.
 */
export function copiedHeaders(request: readonly HeaderField[], status: number): HeaderField[] {
  const out: HeaderField[] = [];
  for (const { name, value } of request) {
    const canonical = COPIED[canonicalHeaderName(name)];
    if (!canonical) continue;
    const tagged =
      canonical === 'To' && status > 100 && !/;\s*tag\s*=/i.test(value) ? `${value};tag=${newTag()}` : value;
    out.push({ name: canonical, value: tagged });
  }
  return out;
}

/**
 * Prints a response to a received request. The copied headers came off the wire already split
 * into lines and checked, so they are printed as they are (a quoted-pair may hold a control
 * character, RFC 4475 §3.1.1.2) but never with CR or LF; the handler's own headers and reason
 * phrase must pass assertSafeHeader.
 */
export function printAnswer(
  status: number,
  reason: string,
  copied: readonly HeaderField[],
  extra: readonly HeaderField[] = [],
  body = '',
): Buffer {
  assertSafeHeader('Reason-Phrase', reason);
  let head = `SIP/2.0 ${status} ${reason}\r\n`;
  for (const { name, value } of copied) {
    if (/[\r\n]/.test(value))
      throw new MsgError(SipErrorCode.HeaderInvalid, `the copied ${name} header holds a line break`);
    head += `${name}: ${value}\r\n`;
  }
  for (const { name, value } of extra) {
    assertSafeHeader(name, value);
    const lower = name.toLowerCase();
    if (lower !== 'content-length' && lower !== 'l') head += `${name}: ${value}\r\n`;
  }
  const bytes = Buffer.from(body, 'utf8');
  head += `Content-Length: ${bytes.length}\r\n\r\n`;
  return bytes.length === 0 ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head, 'utf8'), bytes]);
}
