import type { HeaderField } from './headers.js';
import { assertSafeHeader, assertSafeToken, checkedHeaders } from './headers.js';
import type { OutgoingRequest } from './message.js';

/**
 * Prints a request exactly as it goes on the wire. The body is UTF-8 and Content-Length counts
 * bytes (the npm `sip` stack counts characters of a Latin-1 string, which breaks non-ASCII text).
 * `headers` replaces the request's own (a retry with credentials): given apart, so the send path
 * copies neither the request nor its checked headers.
 */
export function printRequest(
  request: OutgoingRequest,
  via: string,
  headers: readonly HeaderField[] = request.headers,
): Buffer {
  assertSafeToken('method', request.method);
  assertSafeToken('Request-URI', request.uri);
  assertSafeHeader('Via', via);
  const body = Buffer.from(request.body, 'utf8');
  let head = `${request.method} ${request.uri} SIP/2.0\r\nVia: ${via}\r\n`;
  head += printHeaders(headers);
  head += `Content-Length: ${body.length}\r\n\r\n`;
  return body.length === 0 ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/** Prints a response with the given status, headers (Via, From, To, Call-ID, CSeq first) and body. */
export function printResponse(status: number, reason: string, headers: HeaderField[], body = ''): Buffer {
  assertSafeHeader('Reason-Phrase', reason);
  const bytes = Buffer.from(body, 'utf8');
  const head = `SIP/2.0 ${status} ${reason}\r\n${printHeaders(headers)}Content-Length: ${bytes.length}\r\n\r\n`;
  return bytes.length === 0 ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head, 'utf8'), bytes]);
}

function printHeaders(headers: readonly HeaderField[]): string {
  let out = '';
  const checked = checkedHeaders.has(headers);
  for (const { name, value } of headers) {
    if (!checked) assertSafeHeader(name, value);
    if (isContentLength(name)) continue;
    out += `${name}: ${value}\r\n`;
  }
  return out;
}

/** The stack prints Content-Length itself. By length first: no other header is lower-cased to tell. */
function isContentLength(name: string): boolean {
  if (name.length === 1) return name === 'l' || name === 'L';
  return name.length === 14 && name.toLowerCase() === 'content-length';
}
