/**
 * RFC 3261 §25.1 character classes as bit flags over ASCII, so the parser tests a character with
 * one table lookup instead of a chain of comparisons or a regular expression.
 */
export const ALNUM = 1;
export const MARK = 2; // - _ . ! ~ * ' ( )
export const USER_UNRESERVED = 4; // & = + $ , ; ? /
export const PASSWORD_EXTRA = 8; // & = + $ ,
export const PARAM_UNRESERVED = 16; // [ ] / : & + $
export const HNV_UNRESERVED = 32; // [ ] / ? : + $
export const HEX = 64;
export const TOKEN = 128; // RFC 3261 token: alphanum - . ! % * _ + ` ' ~

export const CHAR_CLASS = new Uint8Array(128);

function mark(chars: string, flag: number): void {
  for (const c of chars) CHAR_CLASS[c.charCodeAt(0)]! |= flag;
}

const digits = '0123456789';
const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
mark(digits + letters, ALNUM | TOKEN);
mark("-_.!~*'()", MARK);
mark('&=+$,;?/', USER_UNRESERVED);
mark('&=+$,', PASSWORD_EXTRA);
mark('[]/:&+$', PARAM_UNRESERVED);
mark('[]/?:+$', HNV_UNRESERVED);
mark(digits + 'abcdefABCDEF', HEX);
mark("-.!%*_+`'~", TOKEN);

export const UNRESERVED = ALNUM | MARK;
export const USER_CHARS = UNRESERVED | USER_UNRESERVED;
export const PASSWORD_CHARS = UNRESERVED | PASSWORD_EXTRA;
export const PARAM_CHARS = UNRESERVED | PARAM_UNRESERVED;
export const HEADER_CHARS = UNRESERVED | HNV_UNRESERVED;

export function hasClass(code: number, flags: number): boolean {
  return code < 128 && (CHAR_CLASS[code]! & flags) !== 0;
}

export function isHexDigit(code: number): boolean {
  return code < 128 && (CHAR_CLASS[code]! & HEX) !== 0;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAlpha(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True if every character of `text` is a token character (RFC 3261). */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!hasClass(text.charCodeAt(i), TOKEN)) return false;
  return true;
}
