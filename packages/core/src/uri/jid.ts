import { type ParseResult, parsed, parseFailure } from '../parse-result.js';
import { isIPv4, isIPv6 } from './ip.js';

/** An XMPP address (RFC 7622): `[local@]domain[/resource]`. */
export interface Jid {
  local?: string;
  domain: string;
  resource?: string;
}

const MAX_PART_BYTES = 1023;
const LOCAL_FORBIDDEN = /[\s"&'/:<>@\u0000-\u001f\u007f]/u;
const CONTROL = /[\u0000-\u001f\u007f]/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}_-]*[\p{L}\p{N}\p{M}])?$/u;

/** Parses and validates a JID (lengths in UTF-8 bytes, RFC 7622 §3). A trailing dot of the domain is removed. */
export function parseJid(input: string): ParseResult<Jid> {
  if (typeof input !== 'string') return parseFailure('a JID must be a string', 0);
  const slash = input.indexOf('/');
  const bare = slash < 0 ? input : input.slice(0, slash);
  const at = bare.indexOf('@');
  const jid: Jid = { domain: '' };

  if (at >= 0) {
    const local = bare.slice(0, at);
    if (local === '') return parseFailure('empty localpart before "@"', 0);
    const bad = local.search(LOCAL_FORBIDDEN);
    if (bad >= 0)
      return parseFailure(
        `character ${JSON.stringify(local.charAt(bad))} is not allowed in a localpart`,
        bad,
      );
    if (byteLength(local) > MAX_PART_BYTES) return parseFailure('localpart longer than 1023 bytes', 0);
    jid.local = local;
  }

  const domainStart = at + 1;
  let domain = bare.slice(domainStart);
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  const domainProblem = checkDomain(domain);
  if (domainProblem) return parseFailure(domainProblem, domainStart);
  jid.domain = domain;

  if (slash >= 0) {
    const resource = input.slice(slash + 1);
    if (resource === '') return parseFailure('empty resourcepart after "/"', slash + 1);
    const bad = resource.search(CONTROL);
    if (bad >= 0) return parseFailure('control character in the resourcepart', slash + 1 + bad);
    if (byteLength(resource) > MAX_PART_BYTES)
      return parseFailure('resourcepart longer than 1023 bytes', slash + 1);
    jid.resource = resource;
  }
  return parsed(jid);
}

/** Prints a JID; `bare` leaves out the resource. */
export function formatJid(jid: Jid, options: { bare?: boolean } = {}): string {
  const local = jid.local !== undefined ? `${jid.local}@` : '';
  const resource = jid.resource !== undefined && options.bare !== true ? `/${jid.resource}` : '';
  return `${local}${jid.domain}${resource}`;
}

function checkDomain(domain: string): string | undefined {
  if (domain === '') return 'empty domainpart';
  if (byteLength(domain) > MAX_PART_BYTES) return 'domainpart longer than 1023 bytes';
  if (domain.startsWith('[')) {
    return domain.endsWith(']') && isIPv6(domain, 1, domain.length - 1)
      ? undefined
      : 'invalid IPv6 domainpart';
  }
  if (isIPv4(domain)) return undefined;
  for (const label of domain.split('.')) {
    if (label.length === 0 || label.length > 63 || !DOMAIN_LABEL.test(label)) {
      return `invalid domain label ${JSON.stringify(label)}`;
    }
  }
  return undefined;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
