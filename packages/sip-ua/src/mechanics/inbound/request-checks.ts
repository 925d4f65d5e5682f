import { canonicalHeaderName, type HeaderField } from '../wire/headers.js';

export interface CheckedHeaders {
  cseq: { seq: number; method: string };
  callId: string;
  /** Undefined when the message has no Content-Length. */
  contentLength?: number;
}

const SINGLE = ['call-id', 'from', 'to', 'cseq', 'content-length', 'max-forwards'] as const;
const PRINTED: Record<string, string> = {
  'call-id': 'Call-ID',
  from: 'From',
  to: 'To',
  cseq: 'CSeq',
  'content-length': 'Content-Length',
  'max-forwards': 'Max-Forwards',
};
// Headers whose grammar has no quoted-string (a `"` in a Call-ID is just a word character).
const UNQUOTED = new Set(['call-id', 'cseq', 'content-length', 'max-forwards']);
// Headers whose quoted strings are display names or parameters: an unbalanced quote there is an
// error (RFC 4475 §3.1.2.6); elsewhere (Subject, extension headers) a lone `"` is just text.
const ADDRESSES = new Set(['from', 'to', 'contact', 'via', 'route', 'record-route', 'reply-to']);
const CSEQ = /^(\d{1,10})\s+([A-Za-z0-9!%*_+`'~.-]+)$/;

/**
 * RFC 3261 §8.1.1 and §20 checks on the headers every request (and response) must carry. Returns
 * the few fields the transaction layer needs, or the words for a 400 reason phrase.
 * `method` is the Request-Line method (undefined for a response).
 */
export function checkRequestHeaders(
  headers: readonly HeaderField[],
  method: string | undefined,
): CheckedHeaders | string {
  // The first value and the count of each single-valued header, in SINGLE's order: two small
  // arrays per message, not a Map and a list per header (this runs on every response received).
  const firsts: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  const counts = [0, 0, 0, 0, 0, 0];
  for (const { name, value } of headers) {
    const canonical = canonicalHeaderName(name);
    const problem = UNQUOTED.has(canonical)
      ? plainControlProblem(value)
      : controlCharacterProblem(value, ADDRESSES.has(canonical));
    if (problem) return `${problem} in ${PRINTED[canonical] ?? 'a header'}`;
    const at = (SINGLE as readonly string[]).indexOf(canonical);
    if (at >= 0) {
      if (counts[at] === 0) firsts[at] = value;
      counts[at]!++;
    }
  }
  for (let at = 0; at < SINGLE.length; at++) {
    const name = SINGLE[at]!;
    const count = counts[at]!;
    if (count > 1) return `more than one ${PRINTED[name]}`;
    if (count === 0 && name !== 'content-length' && name !== 'max-forwards')
      return `missing ${PRINTED[name]}`;
  }
  const one = (name: (typeof SINGLE)[number]): string | undefined => firsts[SINGLE.indexOf(name)];
  const cseq = CSEQ.exec(one('cseq')!);
  if (!cseq || Number(cseq[1]) >= 2 ** 31) return 'malformed CSeq';
  if (method !== undefined && cseq[2] !== method) return 'CSeq method does not match the request';
  const maxForwards = one('max-forwards');
  if (maxForwards !== undefined && (!/^\d{1,10}$/.test(maxForwards) || Number(maxForwards) > 255))
    return 'malformed Max-Forwards';
  const callId = one('call-id')!;
  if (callId === '' || /\s/.test(callId)) return 'malformed Call-ID';
  for (const name of ['from', 'to'] as const) {
    const problem = nameAddrProblem(one(name)!);
    if (problem) return `${problem} in ${PRINTED[name]}`;
  }
  const declared = one('content-length');
  if (declared !== undefined && !/^\d{1,10}$/.test(declared)) return 'malformed Content-Length';
  return {
    cseq: { seq: Number(cseq[1]), method: cseq[2]! },
    callId,
    ...(declared !== undefined ? { contentLength: Number(declared) } : {}),
  };
}

function plainControlProblem(value: string): string | undefined {
  return /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value) ? 'a control character' : undefined;
}

/**
 * A control character (other than HTAB) is allowed only as a quoted-pair inside a quoted string
 * (RFC 3261 §25.1; RFC 4475 §3.1.1.2 has `"NUL:\<NUL>"`). With `balanced`, also reports an
 * unterminated quote.
 */
function controlCharacterProblem(value: string, balanced: boolean): string | undefined {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (quoted && code === 0x5c) {
      const next = value.charCodeAt(i + 1);
      if (next === 0x0a || next === 0x0d || Number.isNaN(next)) return 'a control character';
      i++;
      continue;
    }
    if (code === 0x22) quoted = !quoted;
    else if ((code < 0x20 && code !== 0x09) || code === 0x7f) return 'a control character';
  }
  return quoted && balanced ? 'an unterminated quoted string' : undefined;
}

/**
 * From and To (RFC 3261 §20.20, §20.39): a display name is a quoted string or tokens; an addr-spec
 * in angle brackets has no whitespace next to them (RFC 4475 §3.1.2.14 and §3.1.2.15).
 */
function nameAddrProblem(value: string): string | undefined {
  const unquoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const open = unquoted.indexOf('<');
  if (open < 0) return /^[A-Za-z][A-Za-z0-9+.-]*:\S/.test(unquoted) ? undefined : 'malformed address';
  const close = unquoted.indexOf('>', open);
  if (close < 0) return 'malformed address';
  const display = unquoted.slice(0, open).trim();
  if (
    display !== '' &&
    display !== '""' &&
    !/^[A-Za-z0-9!%*_+`'~.-]+(?:\s+[A-Za-z0-9!%*_+`'~.-]+)*$/.test(display)
  )
    return 'malformed display name';
  if (/^\s|\s$/.test(unquoted.slice(open + 1, close))) return 'whitespace inside <>';
  return undefined;
}
