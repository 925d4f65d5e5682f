import { parse as parseWithSipStack } from 'sip';
import { findHeader, type HeaderField } from './headers.js';
import type { Endpoint, IncomingMessage } from './message.js';

const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Decodes one whole SIP message. Headers are kept raw (names and values as sent, UTF-8) and also
 * parsed by the npm `sip` stack for structured fields; the body is decoded as UTF-8 and cut to
 * Content-Length. Returns undefined for anything that is not a SIP message (never throws).
 */
export function decodeMessage(
  bytes: Buffer,
  source: Endpoint & { local: { address: string; port: number } },
): IncomingMessage | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0 || headEnd > MAX_HEAD_BYTES) return undefined;
  const headText = bytes.subarray(0, headEnd).toString('utf8').replace(/^\s+/, '');
  const lines = headText.split(/\r\n(?![ \t])/);
  const first = lines[0] ?? '';
  const headers: HeaderField[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push({
      name: line.slice(0, colon).trim(),
      value: line
        .slice(colon + 1)
        .replace(/\r\n[ \t]+/g, ' ')
        .trim(),
    });
  }
  const declared = findHeader(headers, 'content-length');
  const available = bytes.length - headEnd - 4;
  const length = declared === undefined ? available : Number.parseInt(declared, 10);
  if (!Number.isFinite(length) || length < 0 || length > available) return undefined;
  const bodyBytes = bytes.subarray(headEnd + 4, headEnd + 4 + length);

  let parsed: ReturnType<typeof parseWithSipStack>;
  try {
    parsed = parseWithSipStack(bytes.subarray(0, headEnd + 4).toString('latin1'));
  } catch {
    return undefined;
  }
  if (!parsed?.headers?.cseq || !parsed.headers['call-id'] || !parsed.headers.via?.length) return undefined;

  const base = { headers, body: bodyBytes.toString('utf8'), bodyBytes: bodyBytes.length, parsed, source };
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(first);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', ...base };
  const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(first);
  if (request) return { kind: 'request', method: request[1]!, uri: request[2]!, ...base };
  return undefined;
}

/**
 * Splits a TCP/TLS byte stream into whole messages by Content-Length (RFC 3261 §18.3).
 * Returns a feed function; `onMessage` gets each message's bytes, `onError` a framing error.
 */
export function createStreamFramer(
  onMessage: (bytes: Buffer) => void,
  onError: (reason: string) => void,
  maxMessageBytes = 1024 * 1024,
): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      // Keep-alive CRLFs between messages are allowed.
      let start = 0;
      while (start < pending.length && (pending[start] === 13 || pending[start] === 10)) start++;
      if (start > 0) pending = pending.subarray(start);
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (pending.length > MAX_HEAD_BYTES) {
          pending = Buffer.alloc(0);
          onError('header section too large');
        }
        return;
      }
      const match = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(
        pending.subarray(0, headEnd).toString('latin1'),
      );
      if (!match) {
        pending = Buffer.alloc(0);
        onError('no Content-Length on a stream transport');
        return;
      }
      const total = headEnd + 4 + Number(match[1]);
      if (total > maxMessageBytes) {
        pending = Buffer.alloc(0);
        onError('message too large');
        return;
      }
      if (pending.length < total) return;
      const message = pending.subarray(0, total);
      pending = pending.subarray(total);
      onMessage(Buffer.from(message));
    }
  };
}
