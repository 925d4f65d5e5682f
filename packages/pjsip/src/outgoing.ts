import {
  isHostname,
  isIPv4,
  isIPv6,
  type Message,
  type Outcome,
  parseNameAddr,
  parseSipUri,
  type SipUri,
  uriScheme,
} from '@messagesend/core';
import type { OutgoingRequest } from '@messagesend/sip-ua';
import { buildRequest } from '@messagesend/sip-ua';
import { DataHeaderRejection, dataHeaders, STACK_SET_HEADERS } from '@messagesend/sip-ua/tech-kit';
import type { PjsipConfig, PjsipEndpoint } from './config/types.js';
import { PjsipReason } from './errors.js';
import { makeUri } from './make-uri.js';
import { printPjsipNameAddr, printPjsipRequestUri } from './print-headers.js';
import type { ResolvedTarget } from './resolve.js';
import { uriHeaderFields } from './uri-headers.js';

export interface OutgoingInput {
  target: ResolvedTarget;
  message: Message;
  /** MessageSend's from argument: wins over message.from. */
  from?: string;
  /** MessageSend's to argument: wins over message.to. */
  to?: string;
  /** Host for the default From (the transport's address, or its bind address in a dry run). */
  localHost: string;
  config: PjsipConfig;
  defaultUserAgent: string;
}

/** The MESSAGE, or why it cannot be built; the warnings so far either way. */
export type Outgoing = Outcome<{ request: OutgoingRequest }> & { warnings: string[] };

/** Builds the out-of-dialog MESSAGE exactly as res_pjsip_messaging would, with the project's decisions. */
export function buildOutgoing(input: OutgoingInput): Outgoing {
  const { target, message, config } = input;
  const warnings: string[] = [];

  // RFC 3261 §19.1.1: a password in a URI is not to be sent; pjsip would print it in clear.
  const uri = withoutPassword(target.uri, warnings);
  const requestUri = withUserEqPhone(uri, target.endpoint.userEqPhone === true);
  const toOverride = pick(input.to, message.to);
  // Without a To override, To is the target's URI and display name: no objects made for it.
  const overridden =
    toOverride === undefined
      ? undefined
      : applyToOverride({ displayName: target.displayName, uri }, toOverride, warnings);
  const to = overridden
    ? printPjsipNameAddr(overridden.displayName, withoutPassword(overridden.uri, warnings))
    : printPjsipNameAddr(target.displayName, uri);
  const from = applyFromOverride(
    defaultFrom(target, input.localHost),
    pick(input.from, message.from),
    warnings,
  );

  const data = dataHeaders(message.data, DATA_HEADER_RULES);
  if (!data.ok)
    return failed(
      data.reason === DataHeaderRejection.MaxForwards
        ? PjsipReason.MaxForwardsExhausted
        : PjsipReason.BadHeader,
      data.detail,
      warnings,
    );
  warnings.push(...data.warnings);

  // pjproject turns the target URI's ?headers into request headers, before Asterisk's data headers.
  const fromUri = uriHeaderFields(target.uri, warnings);

  const proxy = outboundProxyRoute(target.endpoint);
  if (proxy === null)
    return failed(
      PjsipReason.BadOutboundProxy,
      `outbound_proxy "${target.endpoint.outboundProxy}" of endpoint ${target.endpointName} is not a SIP URI`,
      warnings,
    );

  try {
    const request = buildRequest({
      method: 'MESSAGE',
      callId: message.id,
      requestUri: printPjsipRequestUri(requestUri),
      parsedUri: requestUri,
      // No Route at all (data cannot set one; URI headers might): said so, so location does not
      // scan the headers for one on every send.
      parsedRoute: proxy ? [proxy.uri] : fromUri.length === 0 ? NO_ROUTE : undefined,
      from: printPjsipNameAddr(from.displayName, from.uri),
      to,
      maxForwards: data.maxForwards ?? config.global?.maxForwards ?? 70,
      route: proxy ? [proxy.header] : [],
      userAgent: data.hasUserAgent ? undefined : (config.global?.userAgent ?? input.defaultUserAgent),
      headers: fromUri.length > 0 ? [...fromUri, ...data.headers] : data.headers,
      contentType: contentType(data.contentType ?? message.contentType, warnings),
      body: message.body,
    });
    return { ok: true, request, warnings };
  } catch (error) {
    return failed(PjsipReason.BadHeader, (error as Error).message, warnings);
  }
}

/** A MESSAGE that cannot be built (a function, not a closure made on every send). */
function failed(reason: string, detail: string, warnings: string[]): Outgoing {
  return { ok: false, reason, detail, warnings };
}

/** The rules for MESSAGE_DATA headers: made once, not per send. */
const DATA_HEADER_RULES = { blocked: STACK_SET_HEADERS, maxForwards: pjsipMaxForwards };

/** The parsed Route of a request that has none (shared: location only reads it). */
const NO_ROUTE: SipUri[] = [];

/** An endpoint's outbound proxy as its Route: the URI (with `lr`) and the printed header value. */
interface ProxyRoute {
  uri: SipUri;
  header: string;
}

const proxyRoutes = new WeakMap<PjsipEndpoint, ProxyRoute | null>();

/**
 * The endpoint's outbound_proxy, parsed once per endpoint object (config objects are not changed
 * after load); undefined without one, null when it is not a SIP URI.
 */
function outboundProxyRoute(endpoint: PjsipEndpoint): ProxyRoute | null | undefined {
  if (!endpoint.outboundProxy) return undefined;
  let route = proxyRoutes.get(endpoint);
  if (route === undefined) {
    const proxy = parseNameAddr(endpoint.outboundProxy);
    if (proxy.ok) {
      const uri = proxy.value.uri.params.some((p) => p.name.toLowerCase() === 'lr')
        ? proxy.value.uri
        : { ...proxy.value.uri, params: [...proxy.value.uri.params, { name: 'lr', value: null }] };
      route = { uri, header: `<${printPjsipRequestUri(uri)}>` };
    } else route = null;
    proxyRoutes.set(endpoint, route);
  }
  return route;
}

interface Party {
  displayName?: string | undefined;
  uri: SipUri;
}

/** MessageSend's argument if non-empty, else the message's field. */
function pick(argument: string | undefined, field: string | undefined): string | undefined {
  if (argument !== undefined && argument !== '') return argument;
  return field !== undefined && field !== '' ? field : undefined;
}

/** R2.6.1: `<sip:U@H>`, U the endpoint's from_user or its name, H its from_domain or our address. */
function defaultFrom(target: ResolvedTarget, localHost: string): Party {
  // The same for every send from this endpoint and address: made once (the URI is never changed).
  // A short list compared field by field, not a Map keyed by a joined string: the key would be a
  // new string, hashed, on every send.
  let made = defaultFroms.get(target.endpoint);
  if (!made) {
    made = [];
    defaultFroms.set(target.endpoint, made);
  }
  for (const entry of made)
    if (entry.localHost === localHost && entry.endpointName === target.endpointName) return entry.from;
  const from = makeDefaultFrom(target, localHost);
  if (made.length < 16) made.push({ endpointName: target.endpointName, localHost, from });
  return from;
}

interface DefaultFrom {
  endpointName: string;
  localHost: string;
  from: Party;
}

const defaultFroms = new WeakMap<PjsipEndpoint, DefaultFrom[]>();

function makeDefaultFrom(target: ResolvedTarget, localHost: string): Party {
  const user = target.endpoint.fromUser ?? target.endpointName;
  if (user.includes('@')) {
    const parsed = parseSipUri(`sip:${user}`);
    if (parsed.ok) return { uri: parsed.value };
  }
  return { uri: makeUri(user, target.endpoint.fromDomain ?? localHost) };
}

/** R2.6.3 with decision 4: a SIP URI or name-addr replaces user, host and port; `user@host[:port]`; or just a user. */
function applyFromOverride(from: Party, value: string | undefined, warnings: string[]): Party {
  if (value === undefined) return from;
  const text = value.trimStart();
  const scheme = uriScheme(text);
  if (scheme !== undefined) {
    const parsed = scheme === 'sip' || scheme === 'sips' ? parseNameAddr(text) : undefined;
    if (!parsed?.ok) {
      warnings.push(`From address '${value}' is not a valid SIP/SIPS URI; From left as built`);
      return from;
    }
    const uri: SipUri = { ...from.uri, host: parsed.value.uri.host, hostType: parsed.value.uri.hostType };
    setUser(uri, parsed.value.uri.user);
    setPort(uri, parsed.value.uri.port);
    return { displayName: parsed.value.displayName || from.displayName, uri };
  }
  const at = text.indexOf('@');
  if (at < 0) {
    const uri = { ...from.uri };
    setUser(uri, text);
    return { ...from, uri };
  }
  const hostport = /^(.*?)(?::(\d{1,5}))?$/.exec(text.slice(at + 1))!;
  const host = hostport[1]!;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (
    !(isHostname(host) || isIPv4(host) || isIPv6(bare)) ||
    (hostport[2] !== undefined && Number(hostport[2]) > 65535)
  ) {
    warnings.push(`From address '${value}' has no valid host; From left as built`);
    return from;
  }
  const built = makeUri(text.slice(0, at), host, hostport[2] === undefined ? undefined : Number(hostport[2]));
  return { ...from, uri: { ...from.uri, host: built.host, hostType: built.hostType, ...userPort(built) } };
}

/**
 * R2.6.2 with decision 5: one leading `pjsip:` is stripped; a SIP/SIPS URI or name-addr replaces
 * the To URI's user, password, host, port and parameters (keeping its scheme) and its display
 * name; `user@host` without a scheme is read as `sip:user@host`. Anything else: a warning.
 */
function applyToOverride(to: Party, value: string | undefined, warnings: string[]): Party {
  if (value === undefined) return to;
  const text = value.startsWith('pjsip:') ? value.slice(6) : value;
  const scheme = uriScheme(text);
  let parsed = scheme === 'sip' || scheme === 'sips' ? parseNameAddr(text) : undefined;
  if (scheme === undefined && /^[^\s<>"@]+@[^\s<>"@]+$/.test(text.trim()))
    parsed = parseNameAddr(`sip:${text.trim()}`);
  if (!parsed?.ok) {
    warnings.push(`To address '${value}' is not a valid SIP/SIPS URI; To left as built`);
    return to;
  }
  const source = parsed.value.uri;
  const uri: SipUri = {
    ...to.uri,
    host: source.host,
    hostType: source.hostType,
    params: source.params,
    headers: [],
  };
  setUser(uri, source.user);
  if (source.password !== undefined) uri.password = source.password;
  else delete uri.password;
  setPort(uri, source.port);
  return { displayName: parsed.value.displayName, uri };
}

function setUser(uri: SipUri, user: string | undefined): void {
  if (user === undefined || user === '') delete uri.user;
  else uri.user = user;
}

function setPort(uri: SipUri, port: number | undefined): void {
  if (port === undefined) delete uri.port;
  else uri.port = port;
}

function userPort(uri: SipUri): Partial<SipUri> {
  const out: Partial<SipUri> = {};
  if (uri.user !== undefined) out.user = uri.user;
  if (uri.port !== undefined) out.port = uri.port;
  return out;
}

/** R2.6.4: a Content-Type data header (any send flag) or the message's type; only type/subtype are kept. */
function contentType(value: string | undefined, warnings: string[]): string {
  if (value === undefined) return 'text/plain';
  const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:;.*)?$/.exec(value);
  if (!match) {
    warnings.push(`Failed to parse '${value}' as a content type. Using text/plain`);
    return 'text/plain';
  }
  return `${match[1]}/${match[2]}`;
}

function withoutPassword(uri: SipUri, warnings: string[]): SipUri {
  if (uri.password === undefined) return uri;
  warnings.push('a password in the destination URI was not sent (RFC 3261 §19.1.1)');
  const { password: _dropped, ...rest } = uri;
  return rest;
}

/**
 * R2.6.1, res_pjsip.c `ast_sip_add_usereqphone`: with user_eq_phone, a Request-URI user of an
 * optional `+` then only `0-9#*ABCD` (AST_DIGIT_ANY; `+` alone counts) gets `user=phone`,
 * replacing any `user=` value (pjproject keeps one user_param). pjproject prints user_param first
 * after host:port, so it goes first here too. An empty user is left alone.
 */
function withUserEqPhone(uri: SipUri, enabled: boolean): SipUri {
  if (!enabled || !uri.user || !/^\+?[0-9#*ABCD]*$/.test(uri.user)) return uri;
  const others = uri.params.filter((p) => p.name.toLowerCase() !== 'user' || p.value === null);
  return { ...uri, params: [{ name: 'user', value: 'phone' }, ...others] };
}

/**
 * A Max-Forwards data value read as res_pjsip_messaging's `sscanf(value, "%30d")` reads it:
 * leading white space, an optional sign, then digits (at most 30 characters), anything after
 * ignored; then decremented. Asterisk refuses only a result of exactly 0 and would send a
 * negative one (`0` becomes `-1`); decision 4: below 1, or beyond a C int, nothing is sent.
 */
export function pjsipMaxForwards(value: string): number | undefined {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(value);
  if (!match) return undefined;
  const read = Number(match[1]!.slice(0, 30));
  if (!Number.isSafeInteger(read) || read > 2147483647) return undefined;
  return read - 1 >= 1 ? read - 1 : undefined;
}
