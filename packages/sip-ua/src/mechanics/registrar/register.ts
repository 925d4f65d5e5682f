import { sipUriEquals } from '@messagesend/core';
import type { ResponseSpec } from '../stack/request-handler.js';
import { findHeader, findHeaders } from '../wire/headers.js';
import type { IncomingRequest } from '../wire/message.js';
import { type ContactEntry, parseContactList } from './contact-list.js';
import type { Binding, RegistrationStore } from './store.js';

export const DEFAULT_MAX_CONTACTS = 100;
export const DEFAULT_MAX_AORS = 10_000;

export interface RegisterPolicy {
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
  /** Bindings allowed per key (default 100). */
  maxContacts?: number;
  /**
   * Keys (AORs) with bindings allowed in the store at once, when the store can count them (default
   * 10,000): a REGISTER that would add one more is answered 503 with Retry-After.
   */
  maxAors?: number;
  /** When full, drop the oldest bindings instead of refusing (pjsip remove_existing). */
  removeExisting?: boolean;
}

export interface ParsedRegister {
  /** The To URI: the address of record. */
  aor: string;
  contacts: ContactEntry[] | '*';
  expires?: number;
  callId: string;
  cseq: number;
}

/** Reads a REGISTER's AOR, Contacts (or `*`), Expires, Call-ID and CSeq; a string explains what is wrong. */
export function parseRegister(request: IncomingRequest): ParsedRegister | string {
  const to = findHeader(request.headers, 'to');
  const aor = to ? (/<([^>]+)>/.exec(to)?.[1] ?? to.split(';')[0]?.trim()) : undefined;
  if (!aor) return 'missing To header';
  const contactValues = findHeaders(request.headers, 'contact');
  const contacts: ContactEntry[] = [];
  let wildcard = false;
  for (const value of contactValues) {
    const list = parseContactList(value);
    // A registrar refuses the whole REGISTER rather than bind part of what was asked.
    // The entry's text is not echoed: a Contact URI may carry a password.
    if (list !== '*' && list.rejected.length > 0) {
      const bad = list.rejected[0]!;
      return `malformed Contact (entry ${bad.index + 1}: ${bad.detail})`;
    }
    if (list === '*') wildcard = true;
    else contacts.push(...list.entries);
  }
  if (wildcard && contacts.length > 0) return 'Contact * cannot be combined with other contacts';
  const expiresText = findHeader(request.headers, 'expires');
  if (expiresText !== undefined && !/^\d+$/.test(expiresText.trim()))
    return `malformed Expires: ${expiresText}`;
  const { seq: cseq } = request.cseq;
  const { callId } = request;
  const parsed: ParsedRegister = { aor, contacts: wildcard ? '*' : contacts, callId, cseq };
  if (expiresText !== undefined) parsed.expires = Number(expiresText.trim());
  return parsed;
}

/**
 * Applies a parsed REGISTER to `key`'s bindings (RFC 3261 §10.3 steps 6-8) and returns the
 * response: 200 listing the current bindings, 423 with Min-Expires, 400 for a bad wildcard, 403 when full.
 */
export function applyRegister(
  store: RegistrationStore,
  key: string,
  register: ParsedRegister,
  policy: RegisterPolicy = {},
  request?: IncomingRequest,
  now = Date.now(),
): ResponseSpec {
  const min = policy.minExpires ?? 60;
  const max = policy.maxExpires ?? 7200;
  const fallback = policy.defaultExpires ?? 3600;
  let bindings = store.bindings(key, now);
  const isNewKey = bindings.length === 0;

  if (register.contacts === '*') {
    if (register.expires !== 0) return { status: 400, reason: 'Contact * requires Expires: 0' };
    store.replace(key, []);
    return { status: 200 };
  }
  for (const contact of register.contacts) {
    const expires = contact.expires ?? register.expires ?? fallback;
    if (expires !== 0 && expires < min)
      return { status: 423, headers: [{ name: 'Min-Expires', value: String(min) }] };
  }
  for (const contact of register.contacts) {
    const expires = Math.min(contact.expires ?? register.expires ?? fallback, max);
    const existing = bindings.find((b) => sipUriEquals(b.contact, contact.uri) || b.contact === contact.uri);
    if (existing && existing.callId === register.callId && register.cseq <= existing.cseq) continue; // out of order
    bindings = bindings.filter((b) => b !== existing);
    if (expires === 0) continue;
    const binding: Binding = {
      contact: contact.uri,
      expiresAt: now + expires * 1000,
      callId: register.callId,
      cseq: register.cseq,
      registeredAt: existing?.registeredAt ?? now,
    };
    if (contact.q !== undefined) binding.q = contact.q;
    if (request)
      binding.source = {
        protocol: request.source.protocol,
        address: request.source.address,
        port: request.source.port,
      };
    bindings.push(binding);
  }
  const limit = policy.maxContacts ?? DEFAULT_MAX_CONTACTS;
  if (bindings.length > limit) {
    if (!policy.removeExisting) return { status: 403, reason: `Too many contacts (max ${limit})` };
    bindings.sort((a, b) => a.registeredAt - b.registeredAt);
    const fresh = new Set(register.contacts.map((c) => c.uri));
    while (bindings.length > limit) {
      const oldest = bindings.findIndex((b) => !fresh.has(b.contact));
      bindings.splice(Math.max(0, oldest), 1);
    }
  }
  if (
    isNewKey &&
    bindings.length > 0 &&
    store.size &&
    store.size(now) >= (policy.maxAors ?? DEFAULT_MAX_AORS)
  )
    return { status: 503, reason: 'Registrar Full', headers: [{ name: 'Retry-After', value: '300' }] };
  store.replace(key, bindings);
  return {
    status: 200,
    headers: bindings.map((b) => ({
      name: 'Contact',
      value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
    })),
  };
}
