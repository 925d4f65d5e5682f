import { formatSipUri, type SipUri } from '@messagesend/core';

/** URI parameters pjsip never prints in From/To (R2.7.1), plus Asterisk's internal x-ast-txp. */
const HIDDEN_IN_FROM_TO = new Set(['transport', 'ttl', 'maddr', 'lr', 'x-ast-txp']);

/**
 * A From or To value as pjsip prints it (R2.7.1): the URI always in <>, a display name always
 * quoted, no port, no transport/ttl/maddr/lr parameters, no URI headers. Memoised per URI object:
 * a URI is not changed once printed (a changed one is always a copy), and the same object comes
 * back on every send to a static contact.
 */
export function printPjsipNameAddr(displayName: string | undefined, uri: SipUri): string {
  let byName = printedNameAddrs.get(uri);
  const key = displayName ?? '';
  const known = byName?.get(key);
  if (known !== undefined) return known;
  const printed = printNameAddr(displayName, uri);
  if (!byName) {
    byName = new Map();
    printedNameAddrs.set(uri, byName);
  }
  if (byName.size < 8) byName.set(key, printed);
  return printed;
}

const printedNameAddrs = new WeakMap<SipUri, Map<string, string>>();
const printedRequestUris = new WeakMap<SipUri, string>();

function printNameAddr(displayName: string | undefined, uri: SipUri): string {
  const shown: SipUri = {
    ...uri,
    params: uri.params.filter((p) => !HIDDEN_IN_FROM_TO.has(p.name.toLowerCase())),
    headers: [],
  };
  delete shown.port;
  const display = displayName ? `"${displayName.replace(/["\\]/g, '\\$&')}" ` : '';
  return `${display}<${formatSipUri(shown)}>`;
}

/** The Request-URI as pjsip prints it (R2.7.2): bare, port and transport kept, x-ast-txp dropped. Memoised as above. */
export function printPjsipRequestUri(uri: SipUri): string {
  let printed = printedRequestUris.get(uri);
  if (printed === undefined) {
    printed = formatSipUri({
      ...uri,
      params: uri.params.filter((p) => p.name.toLowerCase() !== 'x-ast-txp'),
      headers: [],
    });
    printedRequestUris.set(uri, printed);
  }
  return printed;
}
