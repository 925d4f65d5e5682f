import { parseSipUri } from '@messagesend/core';

export interface ContactEntry {
  /** The contact URI text. */
  uri: string;
  displayName?: string;
  /** `expires` parameter, when given. */
  expires?: number;
  q?: number;
}

/** Splits a Contact header value into entries (commas inside quotes or <> do not split). */
export function parseContactList(value: string): ContactEntry[] | '*' | undefined {
  if (value.trim() === '*') return '*';
  const entries: ContactEntry[] = [];
  for (const part of splitOutside(value, ',')) {
    const text = part.trim();
    if (text === '') return undefined;
    const open = text.indexOf('<');
    let uri: string;
    let params: string;
    let displayName: string | undefined;
    if (open >= 0) {
      const close = text.indexOf('>', open);
      if (close < 0) return undefined;
      uri = text.slice(open + 1, close);
      params = text.slice(close + 1);
      const display = text
        .slice(0, open)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (display) displayName = display;
    } else {
      // A bare URI: everything after the first ";" is a header parameter (RFC 3261 §20.10).
      const semicolon = text.indexOf(';');
      uri = semicolon < 0 ? text : text.slice(0, semicolon);
      params = semicolon < 0 ? '' : text.slice(semicolon);
    }
    if (!parseSipUri(uri).ok) return undefined;
    const entry: ContactEntry = { uri };
    if (displayName) entry.displayName = displayName;
    for (const param of params.split(';').slice(1)) {
      const [name = '', raw = ''] = param.split('=').map((s) => s.trim());
      if (name.toLowerCase() === 'expires' && /^\d+$/.test(raw)) entry.expires = Number(raw);
      if (name.toLowerCase() === 'q' && /^[01](\.\d{0,3})?$/.test(raw)) entry.q = Number(raw);
    }
    entries.push(entry);
  }
  return entries;
}

function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    else if (!quoted && depth === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
