import { lookup } from 'node:dns/promises';
import { parseNameAddr, parseSipUri, type SipUri } from '@messagesend/core';
import { findHeader, findHeaders, type IncomingRequest, parseDigestHeader } from '@messagesend/sip-ua';
import type { IdentifierName, IdentifyMethod, PjsipConfig, PjsipIdentify } from './config/types.js';
import { AddressSet, parseAddressMatch } from './identify/address-match.js';
import { compileHeaderMatch, type HeaderMatch } from './identify/header-match.js';

export interface Identified {
  endpoint: string;
  /** `line`: the `;line=` token of an outbound registration (res_pjsip_outbound_registration). */
  by: IdentifierName | 'line';
}

/** Asterisk's defaults: `endpoint_identifier_order` and an endpoint's `identify_by`. */
export const DEFAULT_IDENTIFIER_ORDER: readonly IdentifierName[] = ['ip', 'username', 'anonymous'];
export const DEFAULT_IDENTIFY_BY: readonly IdentifyMethod[] = ['username', 'ip'];
/** Identifiers missing from the order run after it, in Asterisk's module registration order. */
const UNLISTED_ORDER: readonly IdentifierName[] = ['header', 'auth_username'];
/** Bound on resolving one identify host name at start. */
const RESOLVE_TIMEOUT_MS = 5000;

interface CompiledIdentify {
  section: PjsipIdentify;
  addresses: AddressSet;
  header?: HeaderMatch;
}

export interface IdentifyMatchers {
  /** Settles once host names in `match=` are resolved (each bounded); until then they match nothing. */
  readonly ready: Promise<void>;
  /** The endpoint of the first identify section whose `match` covers the source. */
  byAddress(address: string, port: number): string | undefined;
  /** The endpoint of the first identify section whose `match_header` the request carries. */
  byHeader(request: IncomingRequest): string | undefined;
}

/**
 * Compiles the identify sections. A bad `match` entry or `match_header` is a config warning and is
 * ignored (Asterisk refuses the whole section); host names are resolved to A/AAAA in the background.
 */
export function compileIdentify(
  config: PjsipConfig,
  warnings: string[],
  resolve: (host: string) => Promise<string[]> = resolveHost,
): IdentifyMatchers {
  const compiled: CompiledIdentify[] = [];
  const pending: Promise<void>[] = [];
  for (const section of config.identifies ?? []) {
    const entry: CompiledIdentify = { section, addresses: new AddressSet() };
    for (const text of section.match) {
      const match = parseAddressMatch(text);
      if (typeof match === 'string') {
        warnings.push(`[${section.name}] match=${text}: ${match}; ignored`);
      } else if (match.kind === 'network') {
        entry.addresses.addNetwork(match.family, match.address, match.prefix, match.port);
      } else {
        pending.push(
          resolve(match.host).then(
            (addresses) => {
              for (const address of addresses) entry.addresses.addAddress(address, match.port);
              if (addresses.length === 0)
                warnings.push(`[${section.name}] match=${text}: no address; ignored`);
            },
            (error: Error) => {
              warnings.push(`[${section.name}] match=${text}: cannot resolve (${error.message}); ignored`);
            },
          ),
        );
      }
    }
    if (section.matchHeader !== undefined) {
      const header = compileHeaderMatch(section.matchHeader);
      if (typeof header === 'string') warnings.push(`[${section.name}] match_header: ${header}; ignored`);
      else entry.header = header;
    }
    compiled.push(entry);
  }
  const endpointOf = (entry: CompiledIdentify | undefined) => entry?.section.endpoint;
  return {
    ready: Promise.all(pending).then(() => undefined),
    byAddress: (address, port) => endpointOf(compiled.find((entry) => entry.addresses.has(address, port))),
    byHeader: (request) => endpointOf(compiled.find((entry) => entry.header?.matches(request))),
  };
}

/**
 * Which endpoint sent a request, as res_pjsip does: the identifiers in `endpoint_identifier_order`
 * (default ip, username, anonymous) and then the others; the first that names an endpoint wins.
 * `username` (From user) and `auth_username` (Authorization username) only select endpoints whose
 * `identify_by` allows them; `ip` and `header` come from identify sections (as in Asterisk's code,
 * they do not consult `identify_by`). Unidentified requests are refused by the caller.
 */
export async function identifyEndpoint(
  request: IncomingRequest,
  config: PjsipConfig,
  matchers: IdentifyMatchers,
  lineEndpoint?: (line: string) => string | undefined,
): Promise<Identified | undefined> {
  await matchers.ready;
  const endpoints = config.endpoints ?? {};
  const exists = (name: string | undefined): name is string =>
    name !== undefined && Object.hasOwn(endpoints, name);
  // Asterisk registers the line identifier without a name, so it runs before every other one.
  const byLine = lineEndpoint ? lineOf(request, lineEndpoint) : undefined;
  if (exists(byLine)) return { endpoint: byLine, by: 'line' };
  const allows = (name: string, method: IdentifyMethod) =>
    (endpoints[name]?.identifyBy ?? DEFAULT_IDENTIFY_BY).includes(method);
  /** `user@domain` first, then `user` (res_pjsip's find_endpoint). */
  const named = (user: string, domain: string | undefined, method?: IdentifyMethod) =>
    [domain !== undefined ? `${user}@${domain}` : undefined, user].find(
      (name) => exists(name) && (method === undefined || allows(name, method)),
    );

  const identifiers: Record<IdentifierName, () => string | undefined> = {
    ip: () => matchers.byAddress(request.source.address, request.source.port),
    header: () => matchers.byHeader(request),
    username: () => {
      const from = fromUri(request);
      if (!from?.user) return undefined;
      const user = config.global?.ignoreUriUserOptions ? from.user.split(';')[0]! : from.user;
      return named(user, from.host, 'username');
    },
    auth_username: () => {
      for (const value of findHeaders(request.headers, 'authorization')) {
        const params = parseDigestHeader(value);
        const found = params?.username ? named(params.username, params.realm, 'auth_username') : undefined;
        if (found) return found;
      }
      return undefined;
    },
    anonymous: () => named('anonymous', fromUri(request)?.host),
  };
  const order = config.global?.endpointIdentifierOrder ?? DEFAULT_IDENTIFIER_ORDER;
  for (const name of [...order, ...UNLISTED_ORDER.filter((unlisted) => !order.includes(unlisted))]) {
    const endpoint = identifiers[name]();
    if (exists(endpoint)) return { endpoint, by: name };
  }
  return undefined;
}

/** The registration endpoint of the `line` parameter of the To URI, else of the Request-URI. */
function lineOf(
  request: IncomingRequest,
  lineEndpoint: (line: string) => string | undefined,
): string | undefined {
  const to = parseNameAddr(findHeader(request.headers, 'to') ?? '');
  for (const candidate of [to.ok ? to.value.uri : undefined, requestUri(request)]) {
    const line = candidate?.params.find((p) => p.name.toLowerCase() === 'line')?.value;
    if (line) return lineEndpoint(line);
  }
  return undefined;
}

function requestUri(request: IncomingRequest): SipUri | undefined {
  const parsed = parseSipUri(request.uri);
  return parsed.ok ? parsed.value : undefined;
}

function fromUri(request: IncomingRequest): { user?: string; host: string } | undefined {
  const from = parseNameAddr(findHeader(request.headers, 'from') ?? '');
  if (!from.ok || !/^sips?$/i.test(from.value.uri.scheme)) return undefined;
  return from.value.uri;
}

async function resolveHost(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${RESOLVE_TIMEOUT_MS} ms`)),
      RESOLVE_TIMEOUT_MS,
    );
  });
  try {
    const found = await Promise.race([lookup(host, { all: true }), timeout]);
    return found.map((entry) => entry.address);
  } finally {
    clearTimeout(timer);
  }
}
