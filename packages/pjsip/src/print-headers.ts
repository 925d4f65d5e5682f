import { formatSipUri, type SipUri } from '@messagesend/core';

/** URI parameters pjsip never prints in From/To (R2.7.1), plus Asterisk's internal x-ast-txp. */
const HIDDEN_IN_FROM_TO = new Set(['transport', 'ttl', 'maddr', 'lr', 'x-ast-txp']);

/**
 * A From or To value as pjsip prints it (R2.7.1): the URI always in <>, a display name always
 * quoted, no port, no transport/ttl/maddr/lr parameters, no URI headers.
 */
export function printPjsipNameAddr(displayName: string | undefined, uri: SipUri): string {
  const shown: SipUri = {
    ...uri,
    params: uri.params.filter((p) => !HIDDEN_IN_FROM_TO.has(p.name.toLowerCase())),
    headers: [],
  };
  delete shown.port;
  const display = displayName ? `"${displayName.replace(/["\\]/g, '\\$&')}" ` : '';
  return `${display}<${formatSipUri(shown)}>`;
}

/** The Request-URI as pjsip prints it (R2.7.2): bare, port and transport kept, x-ast-txp dropped. */
export function printPjsipRequestUri(uri: SipUri): string {
  return formatSipUri({
    ...uri,
    params: uri.params.filter((p) => p.name.toLowerCase() !== 'x-ast-txp'),
    headers: [],
  });
}
