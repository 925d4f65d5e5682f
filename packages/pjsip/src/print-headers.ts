import { formatSipUri, type SipUri } from '@messagesend/core';

/** URI parameters pjsip never prints in From/To (R2.7.1), plus Asterisk's internal x-ast-txp. */
const HIDDEN_IN_FROM_TO = new Set(['transport', 'ttl', 'maddr', 'lr', 'method', 'x-ast-txp']);
/** pjproject prints `method=` only outside a Request-URI and From/To; x-ast-txp is Asterisk's own. */
const HIDDEN_IN_REQUEST_URI = new Set(['method', 'x-ast-txp']);
/** The parameters pjproject parses into fields, in the order sip_uri.c prints them, before all others. */
const PJSIP_PARAM_ORDER = ['user', 'transport', 'ttl', 'maddr', 'lr'];

/** Parameters as pjproject prints them: its known ones first in its order, the others as written. */
function inPjsipOrder(params: SipUri['params']): SipUri['params'] {
  const rank = (name: string) => {
    const at = PJSIP_PARAM_ORDER.indexOf(name.toLowerCase());
    return at < 0 ? PJSIP_PARAM_ORDER.length : at;
  };
  if (params.every((p, i) => i === 0 || rank(params[i - 1]!.name) <= rank(p.name))) return params;
  return params
    .map((p, index) => ({ p, index }))
    .sort((a, b) => rank(a.p.name) - rank(b.p.name) || a.index - b.index)
    .map(({ p }) => p);
}

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
    params: inPjsipOrder(uri.params.filter((p) => !HIDDEN_IN_FROM_TO.has(p.name.toLowerCase()))),
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
      params: inPjsipOrder(uri.params.filter((p) => !HIDDEN_IN_REQUEST_URI.has(p.name.toLowerCase()))),
      headers: [],
    });
    printedRequestUris.set(uri, printed);
  }
  return printed;
}
