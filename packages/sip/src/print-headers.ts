import { isIPv6 } from 'node:net';
import { escapeChars, USER_CHARS } from '@messagesend/core';

export interface ChanSipFrom {
  /** Always printed, quoted (R3.4). */
  displayName: string;
  user: string;
  domain: string;
  /** Printed only when it is not the default for the transport (5060, or 5061 for TLS). */
  port?: number;
  tls?: boolean;
}

/** chan_sip's From (R3.4): `"display" <sip:user@domain[:port]>`, the display name always present. */
export function printChanSipFrom(from: ChanSipFrom): string {
  const defaultPort = from.tls ? 5061 : 5060;
  const port = from.port !== undefined && from.port !== defaultPort ? `:${from.port}` : '';
  const domain = isIPv6(from.domain) ? `[${from.domain}]` : from.domain;
  // chan_sip's ast_uri_encode(user, ast_uri_sip_user): every octet outside USER_CHARS is escaped.
  const user = from.user === '' ? '' : `${escapeChars(from.user, USER_CHARS)}@`;
  return `"${from.displayName.replace(/["\\]/g, '\\$&')}" <sip:${user}${domain}${port}>`;
}

/** chan_sip's To (R3.3): the Request-URI verbatim in <>, no display name. */
export function printChanSipTo(requestUri: string): string {
  return `<${requestUri}>`;
}
