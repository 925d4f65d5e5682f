import { hasClass, isHexDigit } from './chars.js';

const HEX_DIGITS = '0123456789ABCDEF';
const encoder = new TextEncoder();

/**
 * An escaped octet that is not part of valid UTF-8 is held as one lone surrogate U+DC80-U+DCFF
 * (Python's "surrogateescape"), so unescaping then escaping gives back the same octets: `%ae`
 * stays `%AE` instead of becoming U+00AE and then `%C2%AE`. Valid text never holds such a
 * surrogate, so the two cannot be confused.
 */
const RAW_OCTET_BASE = 0xdc00;

function hexOctet(byte: number): string {
  return `%${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
}

/** Percent-encodes every character outside `allowed` (a CHAR_CLASS mask) as UTF-8 bytes; a held raw octet as itself. */
export function escapeChars(text: string, allowed: number): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    if (!hasClass(text.charCodeAt(i), allowed)) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && hasClass(code, allowed)) out += ch;
    else if (ch.length === 1 && code >= RAW_OCTET_BASE + 0x80 && code <= RAW_OCTET_BASE + 0xff)
      out += hexOctet(code - RAW_OCTET_BASE);
    else for (const byte of encoder.encode(ch)) out += hexOctet(byte);
  }
  return out;
}

/**
 * Decodes %XX escapes as UTF-8. Octets that are not valid UTF-8 become held raw octets (see
 * RAW_OCTET_BASE), one per octet, so `escapeChars` prints them back unchanged.
 */
export function unescapeChars(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (
      text.charCodeAt(i) === 37 &&
      isHexDigit(text.charCodeAt(i + 1)) &&
      isHexDigit(text.charCodeAt(i + 2))
    ) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      // ASCII (almost every character of a URI) is its own octet: no encoder call.
      bytes.push(code);
      i++;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    for (const byte of encoder.encode(ch)) bytes.push(byte);
    i += ch.length;
  }
  return decodeUtf8Keeping(bytes);
}

/** UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF); every other octet held raw. */
function decodeUtf8Keeping(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const first = bytes[i]!;
    const length =
      first < 0x80
        ? 1
        : first >= 0xc2 && first <= 0xdf
          ? 2
          : first >= 0xe0 && first <= 0xef
            ? 3
            : first >= 0xf0 && first <= 0xf4
              ? 4
              : 0;
    let code =
      length === 1 ? first : length === 2 ? first & 0x1f : length === 3 ? first & 0x0f : first & 0x07;
    let valid = length > 0 && i + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) valid = false;
      code = (code << 6) | (next & 0x3f);
    }
    if (valid && length === 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) valid = false;
    if (valid && length === 4 && (code < 0x10000 || code > 0x10ffff)) valid = false;
    if (valid) {
      out += length === 1 ? String.fromCharCode(code) : String.fromCodePoint(code);
      i += length;
    } else {
      out += String.fromCharCode(first < 0x80 ? first : RAW_OCTET_BASE + first);
      i++;
    }
  }
  return out;
}

/**
 * Advances from `start` over characters of class `allowed` and well-formed %XX escapes. Returns the
 * index where it stopped; a malformed escape at index k is reported as `-(k + 1)`.
 */
export function scanEscaped(text: string, start: number, end: number, allowed: number): number {
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code === 37) {
      if (i + 2 >= end || !isHexDigit(text.charCodeAt(i + 1)) || !isHexDigit(text.charCodeAt(i + 2)))
        return -(i + 1);
      i += 3;
    } else if (hasClass(code, allowed)) {
      i++;
    } else {
      break;
    }
  }
  return i;
}
