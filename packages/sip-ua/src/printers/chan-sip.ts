import { isIPv6 } from 'node:net';

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
  const user = from.user === '' ? '' : `${escapeUser(from.user)}@`;
  return `"${from.displayName.replace(/["\\]/g, '\\$&')}" <sip:${user}${domain}${port}>`;
}

/** chan_sip's To (R3.3): the Request-URI verbatim in <>, no display name. */
export function printChanSipTo(requestUri: string): string {
  return `<${requestUri}>`;
}

function escapeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
