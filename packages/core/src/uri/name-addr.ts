import { type ParseResult, parsed, parseFailure } from '../parse-result.js';
import { hasClass, TOKEN } from './chars.js';
import { parseSipUri, type SipUri, type SipUriParam } from './sip-uri.js';
import { formatSipUri } from './sip-uri-format.js';

/** `"Display" <sip:uri>;param=value` (RFC 3261 name-addr), or a bare SIP URI. */
export interface NameAddr {
  /** Unquoted, unescaped display name; undefined when there is none. */
  displayName?: string;
  uri: SipUri;
  /** The URI exactly as written. */
  uriText: string;
  /** Whether the URI was inside `<...>`. */
  bracketed: boolean;
  /** Parameters after `>` (such as `tag`); a bare URI keeps all of its parameters in `uri`. */
  params: SipUriParam[];
}

/** The scheme of an absolute URI (`tel` in `tel:+1555`, `"Bob" <tel:+1555>`), lower-cased, or undefined. */
export function uriScheme(text: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  let rest = text.trimStart();
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest, 0);
    if (!quoted.ok) return undefined;
    rest = rest.slice(quoted.value.end);
  }
  const open = rest.indexOf('<');
  if (open >= 0) rest = rest.slice(open + 1);
  return /^\s*([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest)?.[1]?.toLowerCase();
}

/** Parses a name-addr or bare SIP/SIPS URI. Leading and trailing whitespace is allowed. Never throws. */
export function parseNameAddr(input: string): ParseResult<NameAddr> {
  if (typeof input !== 'string') return parseFailure('a name-addr must be a string', 0);
  let i = skipSpace(input, 0);
  let displayName: string | undefined;

  if (input.charCodeAt(i) === 34) {
    const quoted = readQuoted(input, i);
    if (!quoted.ok) return quoted;
    displayName = quoted.value.text;
    i = skipSpace(input, quoted.value.end);
    if (input.charCodeAt(i) !== 60) return parseFailure('expected "<" after the quoted display name', i);
  } else {
    const open = input.indexOf('<', i);
    if (open < 0) return bareUri(input, i);
    const words = input.slice(i, open).trim();
    if (words !== '') {
      const bad = firstNonDisplayChar(words);
      if (bad >= 0) return parseFailure('a display name with special characters must be quoted', i + bad);
      displayName = words.replace(/\s+/g, ' ');
    }
    i = open;
  }

  const close = input.indexOf('>', i);
  if (close < 0) return parseFailure('missing ">"', i);
  const uriText = input.slice(i + 1, close);
  const uri = parseSipUri(uriText);
  if (!uri.ok) return parseFailure(uri.error.message, i + 1 + uri.error.offset);
  const params = readParams(input, close + 1);
  if (!params.ok) return params;
  const value: NameAddr = { uri: uri.value, uriText, bracketed: true, params: params.value };
  if (displayName !== undefined) value.displayName = displayName;
  return parsed(value);
}

/** Prints `"Display" <uri>;params`; the display name is always quoted (as pjsip prints it). */
export function formatNameAddr(nameAddr: Pick<NameAddr, 'displayName' | 'uri' | 'params'>): string {
  const display =
    nameAddr.displayName !== undefined && nameAddr.displayName !== ''
      ? `"${nameAddr.displayName.replace(/["\\]/g, '\\$&')}" `
      : '';
  let params = '';
  for (const { name, value } of nameAddr.params ?? [])
    params += value === null ? `;${name}` : `;${name}=${value}`;
  return `${display}<${formatSipUri(nameAddr.uri)}>${params}`;
}

function bareUri(input: string, start: number): ParseResult<NameAddr> {
  const text = input.slice(start).trimEnd();
  const uri = parseSipUri(text);
  if (!uri.ok) return parseFailure(uri.error.message, start + uri.error.offset);
  return parsed({ uri: uri.value, uriText: text, bracketed: false, params: [] });
}

function readQuoted(input: string, start: number): ParseResult<{ text: string; end: number }> {
  let text = '';
  for (let i = start + 1; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code === 34) return parsed({ text, end: i + 1 });
    if (code === 92) {
      const next = input.charCodeAt(++i);
      if (Number.isNaN(next) || next === 10 || next === 13)
        return parseFailure('invalid escape in quoted string', i);
      text += input.charAt(i);
    } else if (code === 10 || code === 13) {
      return parseFailure('line break inside a quoted display name', i);
    } else {
      text += input.charAt(i);
    }
  }
  return parseFailure('unterminated quoted display name', start);
}

/** An unquoted display name is tokens separated by whitespace; non-ASCII text is also accepted. */
function firstNonDisplayChar(words: string): number {
  for (let i = 0; i < words.length; i++) {
    const code = words.charCodeAt(i);
    if (code !== 32 && code !== 9 && code < 128 && !hasClass(code, TOKEN)) return i;
  }
  return -1;
}

function readParams(input: string, start: number): ParseResult<SipUriParam[]> {
  const params: SipUriParam[] = [];
  let i = skipSpace(input, start);
  while (input.charCodeAt(i) === 59) {
    i = skipSpace(input, i + 1);
    const nameStart = i;
    while (i < input.length && hasClass(input.charCodeAt(i), TOKEN)) i++;
    if (i === nameStart) return parseFailure('empty parameter name', nameStart);
    const name = input.slice(nameStart, i);
    i = skipSpace(input, i);
    let value: string | null = null;
    if (input.charCodeAt(i) === 61) {
      i = skipSpace(input, i + 1);
      const valueStart = i;
      if (input.charCodeAt(i) === 34) {
        const quoted = readQuoted(input, i);
        if (!quoted.ok) return quoted;
        i = quoted.value.end;
      } else {
        while (i < input.length && (hasClass(input.charCodeAt(i), TOKEN) || isHostPunct(input.charCodeAt(i))))
          i++;
      }
      if (i === valueStart) return parseFailure(`empty value for parameter "${name}"`, valueStart);
      value = input.slice(valueStart, i);
      i = skipSpace(input, i);
    }
    params.push({ name, value });
  }
  if (i !== input.length) return parseFailure(`unexpected character ${JSON.stringify(input.charAt(i))}`, i);
  return parsed(params);
}

function isHostPunct(code: number): boolean {
  return code === 91 || code === 93 || code === 58; // [ ] : of an IPv6 reference
}

function skipSpace(input: string, i: number): number {
  while (input.charCodeAt(i) === 32 || input.charCodeAt(i) === 9) i++;
  return i;
}
