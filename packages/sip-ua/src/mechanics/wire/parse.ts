import type { Failure, Success } from '@messagesend/core';
import { SipInbound, type SipInboundCode } from '../errors.js';
import { checkRequestHeaders } from '../inbound/request-checks.js';
import { canonicalHeaderName, type HeaderField } from './headers.js';
import type { Endpoint, IncomingMessage, IncomingRequest, IncomingResponse, TopVia } from './message.js';
import type { SipParsedMessage as ParsedMessage } from './parsed-message.js';
import { parseWithSipStack } from './sip-stack-parser.js';

const MAX_HEAD_BYTES = 64 * 1024;
const TOKEN = "[A-Za-z0-9!%*_+`'~.-]+";
const REQUEST_LINE = new RegExp(`^(${TOKEN}) (\\S+) (SIP/2\\.0)$`, 'i');
const ANY_VERSION_LINE = new RegExp(`^(${TOKEN}) (\\S+) ([A-Za-z]+/\\d+\\.\\d+)$`);
// RFC 3261 §7.2: exactly three digits, 100-699, then SP and a reason phrase (which may be empty).
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/i;
const VIA = /^SIP\s*\/\s*[\d.]+\s*\/\s*[A-Za-z0-9!%*_+`'~.-]+\s+([^;,\s]+)/i;
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const HEADER_NAME = new RegExp(`^${TOKEN}$`);
// RFC 3261 §20.42: one via-parm; a value may be a token, a host or a quoted string.
const VIA_PARM = new RegExp(
  `^SIP\\s*/\\s*2\\.0\\s*/\\s*${TOKEN}\\s+(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?:\\s*:\\s*\\d{1,5})?` +
    `(?:\\s*;\\s*${TOKEN}(?:\\s*=\\s*(?:[^;,\\s"]+|"(?:[^"\\\\]|\\\\.)*"))?)*$`,
  'i',
);

export type WireSource = Endpoint & { local: { address: string; port: number } };

/**
 * Why a message was not accepted (`reason`; `detail` is short words for the reason phrase, e.g.
 * `missing Call-ID`); `status` is set when the sender can be answered.
 */
export interface WireProblem extends Failure<SipInboundCode> {
  status?: 400 | 413 | 505;
  /** Via (all), From, To, Call-ID and CSeq as received, each free of control characters. */
  echo: HeaderField[];
  /** True when the message is a response (never answered). */
  response: boolean;
}

export type WireResult = Success<{ message: IncomingMessage }> | WireProblem;

export interface ReadOptions {
  /** A stream transport frames by Content-Length, so a body shorter than it cannot happen. */
  stream?: boolean;
  maxMessageBytes?: number;
}

/**
 * Decodes one whole SIP message. Headers are kept raw (names and values as sent, UTF-8) and also
 * parsed by the npm `sip` stack for structured fields; the body is decoded as UTF-8 and cut to
 * Content-Length. Returns undefined for anything that is not an acceptable SIP message (never throws).
 */
export function decodeMessage(bytes: Buffer, source: WireSource): IncomingMessage | undefined {
  const result = readMessage(bytes, source);
  return result.ok ? result.message : undefined;
}

/** Like decodeMessage, but says why a message is refused and whether the sender can be answered. Never throws. */
export function readMessage(bytes: Buffer, source: WireSource, options: ReadOptions = {}): WireResult {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0 || headEnd > MAX_HEAD_BYTES) return drop(SipInbound.Unparseable, 'no header section end');
  const headText = bytes
    .subarray(0, headEnd)
    .toString('utf8')
    .replace(/^(\r\n)+/, '');
  const lines = headText.split(/\r\n(?![ \t])/);
  const first = lines[0] ?? '';
  const isResponse = /^SIP\//i.test(first);
  const headers: HeaderField[] = [];
  let badLine = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) {
      badLine = true;
      continue;
    }
    headers.push({
      name,
      value: line
        .slice(colon + 1)
        .replace(/\r\n[ \t]+/g, ' ')
        .trim(),
    });
  }
  const echo = echoed(headers);
  const vias = headers.filter((h) => canonicalHeaderName(h.name) === 'via');
  const via = vias[0]?.value;
  const viaMatch = via && !CONTROL.test(via) ? VIA.exec(via) : null;
  const problem = (reason: SipInboundCode, detail: string, status?: 400 | 413 | 505): WireProblem => ({
    ok: false,
    reason,
    detail,
    echo,
    response: isResponse,
    ...(viaMatch && !isResponse ? { status } : {}),
  });

  if (isResponse) {
    const status = STATUS_LINE.exec(first);
    if (!status || badLine || !viaMatch) return problem(SipInbound.MalformedResponse, 'malformed response');
  } else if (!viaMatch) return problem(SipInbound.NoVia, via ? 'malformed Via' : 'missing Via');
  if (options.maxMessageBytes !== undefined && bytes.length > options.maxMessageBytes)
    return problem(SipInbound.TooLarge, `larger than ${options.maxMessageBytes} bytes`, 413);

  let requestLine: RegExpExecArray | null = null;
  if (!isResponse) {
    requestLine = REQUEST_LINE.exec(first);
    if (!requestLine) {
      const other = ANY_VERSION_LINE.exec(first);
      if (other && !/^SIP\/2\.0$/i.test(other[3]!))
        return problem(SipInbound.VersionNotSupported, `${other[3]} is not supported`, 505);
      return problem(SipInbound.BadRequest, 'malformed Request-Line', 400);
    }
    if (CONTROL.test(requestLine[2]!) || requestLine[2]!.startsWith('<'))
      return problem(SipInbound.BadRequest, 'malformed Request-URI', 400);
    if (badLine) return problem(SipInbound.BadRequest, 'malformed header line', 400);
    if (!vias.every((v) => splitOutsideQuotes(v.value).every((parm) => VIA_PARM.test(parm.trim()))))
      return problem(SipInbound.BadRequest, 'malformed Via', 400);
  }

  const checked = checkRequestHeaders(headers, requestLine?.[1]);
  if (typeof checked === 'string')
    return problem(isResponse ? SipInbound.MalformedResponse : SipInbound.BadRequest, checked, 400);
  const available = bytes.length - headEnd - 4;
  const length = checked.contentLength ?? (options.stream ? 0 : available);
  if (length > available)
    return problem(
      isResponse ? SipInbound.MalformedResponse : SipInbound.BadRequest,
      'Content-Length larger than the body',
      400,
    );
  const bodyBytes = bytes.subarray(headEnd + 4, headEnd + 4 + length);
  const fields: Fields = {
    headers,
    body: bodyBytes.toString('utf8'),
    bodyBytes: bodyBytes.length,
    source,
    topVia: { sentBy: viaMatch[1]!, branch: /;\s*branch\s*=\s*([^;,\s]+)/i.exec(via!)?.[1] ?? '' },
    cseq: checked.cseq,
    callId: checked.callId,
    head: bytes.subarray(0, headEnd + 4),
  };
  if (requestLine) return { ok: true, message: new DecodedRequest(fields, requestLine[1]!, requestLine[2]!) };
  const status = STATUS_LINE.exec(first)!;
  return { ok: true, message: new DecodedResponse(fields, Number(status[1]), status[2] ?? '') };
}

/** Splits a header value at commas that are not inside a quoted string. */
function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (quoted && char === '\\') i++;
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function drop(reason: SipInboundCode, detail: string): WireProblem {
  return { ok: false, reason, detail, echo: [], response: false };
}

const ECHOED: Record<string, string> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
};

/** The headers a response copies, in canonical spelling; a value with a control character is left out. */
function echoed(headers: readonly HeaderField[]): HeaderField[] {
  const out: HeaderField[] = [];
  for (const { name, value } of headers) {
    const canonical = ECHOED[canonicalHeaderName(name)];
    if (canonical && !CONTROL.test(value)) out.push({ name: canonical, value });
  }
  return out;
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
    if (this.#parsed) return this.#parsed;
    try {
      this.#parsed = parseWithSipStack(this.#head.toString('latin1')) ?? { version: '2.0', headers: {} };
    } catch {
      // The npm parser throws on some inputs our reader accepts (RFC 4475's torture set).
      this.#parsed = { version: '2.0', headers: {} };
    }
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
