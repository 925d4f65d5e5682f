import { parse as parseWithSipStack } from 'sip';
import { canonicalHeaderName, type HeaderField } from './headers.js';
import type { Endpoint, IncomingMessage, IncomingRequest, IncomingResponse, TopVia } from './message.js';
import type { SipParsedMessage as ParsedMessage } from './parsed-message.js';

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
  // One pass: keep every header raw and pick out the four the transaction layer needs.
  let declared: string | undefined;
  let via: string | undefined;
  let cseq: string | undefined;
  let callId: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim();
    const value = line
      .slice(colon + 1)
      .replace(/\r\n[ \t]+/g, ' ')
      .trim();
    headers.push({ name, value });
    const canonical = name.length <= 14 ? canonicalHeaderName(name) : '';
    if (canonical === 'content-length') declared ??= value;
    else if (canonical === 'via') via ??= value;
    else if (canonical === 'cseq') cseq ??= value;
    else if (canonical === 'call-id') callId ??= value;
  }
  const available = bytes.length - headEnd - 4;
  const length = declared === undefined ? available : Number.parseInt(declared, 10);
  if (!Number.isFinite(length) || length < 0 || length > available) return undefined;
  const bodyBytes = bytes.subarray(headEnd + 4, headEnd + 4 + length);

  const cseqMatch = cseq ? /^\s*(\d+)\s+(\S+)/.exec(cseq) : null;
  const viaMatch = via ? /^SIP\s*\/\s*2\.0\s*\/\s*\S+\s+([^;,\s]+)/i.exec(via) : null;
  if (!cseqMatch || !viaMatch || !callId) return undefined;
  const topVia: TopVia = { sentBy: viaMatch[1]!, branch: /;\s*branch=([^;,\s]+)/i.exec(via!)?.[1] ?? '' };
  const fields: Fields = {
    headers,
    body: bodyBytes.toString('utf8'),
    bodyBytes: bodyBytes.length,
    source,
    topVia,
    cseq: { seq: Number(cseqMatch[1]), method: cseqMatch[2]! },
    callId,
    head: bytes.subarray(0, headEnd + 4),
  };
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(first);
  if (response) return new DecodedResponse(fields, Number(response[1]), response[2] ?? '');
  const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(first);
  if (request) return new DecodedRequest(fields, request[1]!, request[2]!);
  return undefined;
}

type Fields = Omit<IncomingRequest, 'kind' | 'method' | 'uri' | 'parsed'> & { head: Buffer };

/**
 * A decoded message. The npm stack's structured view is built on first use: the hot path
 * (matching a response to its transaction) needs only the top Via, CSeq and Call-ID read above.
 */
abstract class Decoded {
  readonly headers: HeaderField[];
  readonly body: string;
  readonly bodyBytes: number;
  readonly source: Fields['source'];
  readonly topVia: TopVia;
  readonly cseq: { seq: number; method: string };
  readonly callId: string;
  #head: Buffer;
  #parsed: ParsedMessage | undefined;

  constructor(fields: Fields) {
    this.headers = fields.headers;
    this.body = fields.body;
    this.bodyBytes = fields.bodyBytes;
    this.source = fields.source;
    this.topVia = fields.topVia;
    this.cseq = fields.cseq;
    this.callId = fields.callId;
    this.#head = fields.head;
  }

  get parsed(): ParsedMessage {
    this.#parsed ??= parseWithSipStack(this.#head.toString('latin1')) ?? { version: '2.0', headers: {} };
    return this.#parsed;
  }
}

class DecodedRequest extends Decoded implements IncomingRequest {
  readonly kind = 'request' as const;
  constructor(
    fields: Fields,
    readonly method: string,
    readonly uri: string,
  ) {
    super(fields);
  }
}

class DecodedResponse extends Decoded implements IncomingResponse {
  readonly kind = 'response' as const;
  constructor(
    fields: Fields,
    readonly status: number,
    readonly reason: string,
  ) {
    super(fields);
  }
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
