import { parseSipUri } from '@messagesend/core';

export interface ContactEntry {
  /** The contact URI text. */
  uri: string;
  displayName?: string;
  /** `expires` parameter, when given. */
  expires?: number;
  q?: number;
}

/** A Contact entry that was left out, and why (never its text: it may carry a password). */
export interface RejectedContact {
  /** 0-based position of the entry in the value. */
  index: number;
  /** `other-scheme`: a well-formed entry whose URI is not sip/sips (tel:, mailto:, ...). */
  kind: 'malformed' | 'other-scheme';
  detail: string;
}

/** A Contact value read entry by entry: the good entries kept, the bad ones reported. */
export interface ContactList {
  entries: ContactEntry[];
  rejected: RejectedContact[];
}

/**
 * Splits a Contact header value into entries (commas inside quotes or <> do not split). One bad
 * entry does not cost the others: a 3xx with one malformed Contact still offers the good ones;
 * a caller that must refuse the whole value (a REGISTER) checks `rejected`.
 */
export function parseContactList(value: string): ContactList | '*' {
  if (value.trim() === '*') return '*';
  const list: ContactList = { entries: [], rejected: [] };
  splitOutside(value, ',').forEach((part, index) => {
    const entry = parseContactEntry(part.trim());
    if (typeof entry === 'string') list.rejected.push({ index, ...rejection(entry) });
    else list.entries.push(entry);
  });
  return list;
}

type EntryProblem = 'empty' | 'unclosed' | 'other-scheme' | 'bad-uri';

function rejection(problem: EntryProblem): Omit<RejectedContact, 'index'> {
  if (problem === 'other-scheme') return { kind: 'other-scheme', detail: 'not a sip/sips URI' };
  const detail = { empty: 'empty entry', unclosed: 'no closing ">"', 'bad-uri': 'malformed sip/sips URI' }[
    problem
  ];
  return { kind: 'malformed', detail };
}

function parseContactEntry(text: string): ContactEntry | EntryProblem {
  if (text === '') return 'empty';
  const open = text.indexOf('<');
  let uri: string;
  let params: string;
  let displayName: string | undefined;
  if (open >= 0) {
    const close = text.indexOf('>', open);
    if (close < 0) return 'unclosed';
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
  if (!parseSipUri(uri).ok)
    return /^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^sips?:/i.test(uri) ? 'other-scheme' : 'bad-uri';
  const entry: ContactEntry = { uri };
  if (displayName) entry.displayName = displayName;
  for (const param of params.split(';').slice(1)) {
    const [name = '', raw = ''] = param.split('=').map((s) => s.trim());
    if (name.toLowerCase() === 'expires' && /^\d+$/.test(raw)) entry.expires = Number(raw);
    if (name.toLowerCase() === 'q' && /^[01](\.\d{0,3})?$/.test(raw)) entry.q = Number(raw);
  }
  return entry;
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
