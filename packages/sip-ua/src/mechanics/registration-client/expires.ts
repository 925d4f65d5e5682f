import { parseContactList } from '../registrar/contact-list.js';
import { findHeader } from '../wire/headers.js';
import type { IncomingResponse } from '../wire/message.js';

/**
 * The expiry a 2xx to REGISTER grants our contact (RFC 3261 section 10.2.4): the `expires`
 * parameter of the Contact that is ours, else the Expires header, else what we asked for.
 */
export function grantedExpires(response: IncomingResponse, contactUri: string, requested: number): number {
  const ours = normalise(contactUri);
  for (const value of response.headers.filter((h) => h.name.toLowerCase() === 'contact' || h.name === 'm')) {
    const parsed = parseContactList(value.value);
    if (parsed === '*') continue;
    for (const entry of parsed.entries) {
      if (normalise(entry.uri) !== ours) continue;
      if (entry.expires !== undefined) return entry.expires;
    }
  }
  const header = Number(findHeader(response.headers, 'Expires'));
  return Number.isInteger(header) && header >= 0 ? header : requested;
}

function normalise(uri: string): string {
  return uri.replace(/^<|>$/g, '').toLowerCase();
}
