import { PASSWORD_CHARS, USER_CHARS } from './chars.js';
import { escapeChars } from './escape.js';
import type { SipUri } from './sip-uri.js';

export interface FormatSipUriOptions {
  /** Print the password (default true); false drops it, for logs. */
  password?: boolean;
  /** Print URI parameters (default true). */
  params?: boolean;
  /** Print URI headers (default true). */
  headers?: boolean;
  /** Print the port (default true). */
  port?: boolean;
}

/** Prints a SipUri; user and password are escaped per RFC 3261, parameters and headers as stored. */
export function formatSipUri(uri: SipUri, options: FormatSipUriOptions = {}): string {
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined && uri.user !== '') {
    out += escapeChars(uri.user, USER_CHARS);
    if (uri.password !== undefined && options.password !== false)
      out += `:${escapeChars(uri.password, PASSWORD_CHARS)}`;
    out += '@';
  }
  out += uri.host;
  if (uri.port !== undefined && options.port !== false) out += `:${uri.port}`;
  if (options.params !== false) {
    for (const { name, value } of uri.params) out += value === null ? `;${name}` : `;${name}=${value}`;
  }
  if (options.headers !== false && uri.headers.length > 0) {
    out += `?${uri.headers.map(({ name, value }) => `${name}=${value}`).join('&')}`;
  }
  return out;
}

/** Case-insensitive lookup of a URI parameter: its value, null for a flag, undefined when absent. */
export function getUriParam(uri: SipUri, name: string): string | null | undefined {
  const wanted = name.toLowerCase();
  for (const param of uri.params) if (param.name.toLowerCase() === wanted) return param.value;
  return undefined;
}
