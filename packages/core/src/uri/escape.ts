import { hasClass, isHexDigit } from './chars.js';

const HEX_DIGITS = '0123456789ABCDEF';
const encoder = new TextEncoder();

/** Percent-encodes every character outside `allowed` (a CHAR_CLASS mask) as UTF-8 bytes. */
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
    if (ch.length === 1 && hasClass(code, allowed)) {
      out += ch;
      continue;
    }
    for (const byte of encoder.encode(ch)) out += `%${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
  }
  return out;
}

/** Decodes %XX escapes as UTF-8; where the bytes are not UTF-8, each escape becomes one Latin-1 character. */
export function unescapeChars(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
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
