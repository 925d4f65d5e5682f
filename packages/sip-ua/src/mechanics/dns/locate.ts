import { Resolver, lookup as systemLookup } from 'node:dns/promises';
import {
  type Failure,
  formatSipUri,
  getUriParam,
  ipv6Address,
  isIPv4,
  isIPv6,
  type Outcome,
  parseSipUri,
  type SipUri,
} from '@messagesend/core';
import { LocateFailure, type LocateFailureReason } from '../errors.js';
import type { Endpoint, TransportProtocol } from '../wire/message.js';

/** The node:dns calls location needs; a `Resolver` pointed at any server fits. */
export interface DnsResolver {
  resolveNaptr(name: string): Promise<
    {
      flags: string;
      service: string;
      regexp: string;
      replacement: string;
      order: number;
      preference: number;
    }[]
  >;
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

export interface LocateOptions {
  /** Protocols we have transports for, in order of preference. */
  protocols: TransportProtocol[];
  resolver?: DnsResolver;
  /** Fall back to the system's getaddrinfo (hosts file) for A/AAAA (default: only with the default resolver). */
  systemLookup?: boolean;
  random?: () => number;
}

export type LocateResult = Outcome<
  {
    targets: Endpoint[];
    /**
     * The domain the lookup started from (the URI's maddr or host) when it is a name: what a TLS
     * server certificate must name (RFC 5922 §4.1), whatever address or SRV target it led to.
     */
    domain?: string;
  },
  LocateFailureReason
>;

const NAPTR_SERVICE: Record<string, TransportProtocol> = {
  'SIP+D2U': 'udp',
  'SIP+D2T': 'tcp',
  'SIPS+D2T': 'tls',
};
const SRV_PREFIX: Record<TransportProtocol, string> = {
  udp: '_sip._udp.',
  tcp: '_sip._tcp.',
  tls: '_sips._tcp.',
};
const MAX_TARGETS = 20;

let defaultResolver: Resolver | undefined;

/**
 * The transport a URI itself asks for (`sips:` is TLS, else its `transport=` parameter), or
 * undefined when it leaves the choice to location. The one place this rule lives: location and
 * the technologies (which build the request for the transport it will leave on) both ask here.
 */
export function uriTransport(uri: SipUri): TransportProtocol | undefined {
  if (uri.scheme === 'sips') return 'tls';
  const param = getUriParam(uri, 'transport')?.toLowerCase();
  return param === 'udp' || param === 'tcp' || param === 'tls' ? param : undefined;
}

/**
 * RFC 3263 §4: the ordered targets (transport, address, port) to try for a SIP URI. An IP literal
 * or an explicit port skips NAPTR and SRV; `transport=` and `sips:` restrict the transports; SRV
 * records are ordered by priority and, within one, by RFC 2782 weighted random selection.
 */
export async function locate(uri: SipUri | string, options: LocateOptions): Promise<LocateResult> {
  const parsed = typeof uri === 'string' ? parseLocated(uri) : { ok: true as const, uri };
  if (!parsed.ok) return parsed;
  return locateLiteral(parsed.uri, options.protocols) ?? locateByName(parsed.uri, options);
}

function parseLocated(text: string): Outcome<{ uri: SipUri }, LocateFailureReason> {
  const parsed = parseSipUri(text);
  return parsed.ok
    ? { ok: true, uri: parsed.value }
    : { ok: false, reason: LocateFailure.Unparsable, detail: `${parsed.error.message} in ${text}` };
}

/** What location starts from: the host (maddr wins), which transports may carry it, and the fallback one. */
interface LocationStart {
  host: string;
  literal: boolean;
  allowed: TransportProtocol[];
  fallbackProtocol: TransportProtocol;
}

function locationStart(
  uri: SipUri,
  protocols: TransportProtocol[],
): LocationStart | Failure<LocateFailureReason> {
  const maddr = getUriParam(uri, 'maddr');
  // ipv6Address: brackets off, and RFC 5118's `2001:db8:::192.0.2.1` read as `2001:db8::192.0.2.1`.
  const host = ipv6Address(typeof maddr === 'string' ? maddr : uri.host);
  const transportParam = getUriParam(uri, 'transport')?.toLowerCase();
  let allowed = protocols.filter((p) => (uri.scheme === 'sips' ? p === 'tls' : true));
  if (transportParam)
    allowed = allowed.filter(
      (p) => p === transportParam || (transportParam === 'tcp' && p === 'tls' && uri.scheme === 'sips'),
    );
  if (allowed.length === 0) {
    const wanted = uri.scheme === 'sips' ? 'TLS' : (transportParam ?? 'any').toUpperCase();
    return {
      ok: false,
      reason: LocateFailure.NoTransport,
      detail: `no ${wanted} transport is configured for ${describeUri(uri)}`,
    };
  }
  const fallbackProtocol =
    uri.scheme === 'sips' ? 'tls' : ((transportParam as TransportProtocol | undefined) ?? allowed[0]!);
  return { host, literal: isIPv4(host) || isIPv6(host), allowed, fallbackProtocol };
}

const defaultPort = (protocol: TransportProtocol): number => (protocol === 'tls' ? 5061 : 5060);

/**
 * Location without DNS, at once: the one target of an IP literal (RFC 3263 §4.2), or a refusal
 * when no transport fits; undefined when the host is a name and DNS must answer.
 */
export function locateLiteral(uri: SipUri, protocols: TransportProtocol[]): LocateResult | undefined {
  const start = locationStart(uri, protocols);
  if (!('host' in start)) return start;
  if (!start.literal) return undefined;
  const protocol = start.fallbackProtocol;
  return { ok: true, targets: [{ protocol, address: start.host, port: uri.port ?? defaultPort(protocol) }] };
}

async function locateByName(uri: SipUri, options: LocateOptions): Promise<LocateResult> {
  const start = locationStart(uri, options.protocols);
  if (!('host' in start)) return start;
  const result = await locateTargets(uri, start, options);
  // The domain the lookup started from: what a TLS server certificate must name (RFC 5922 §4.1).
  return result.ok ? { ...result, domain: start.host } : result;
}

async function locateTargets(
  uri: SipUri,
  start: LocationStart,
  options: LocateOptions,
): Promise<LocateResult> {
  const { host, allowed, fallbackProtocol } = start;
  const uriText = describeUri(uri);
  const transportParam = getUriParam(uri, 'transport');
  defaultResolver ??= new Resolver({ timeout: 2_000, tries: 2 });
  const resolver = options.resolver ?? defaultResolver;
  const useSystem = options.systemLookup ?? options.resolver === undefined;
  try {
    if (uri.port !== undefined) {
      const addresses = await addressesOf(resolver, host, useSystem);
      return found(
        addresses.map((address) => ({ protocol: fallbackProtocol, address, port: uri.port! })),
        uriText,
      );
    }
    const srvNames = transportParam
      ? [[SRV_PREFIX[fallbackProtocol] + host, fallbackProtocol] as const]
      : await naptrServices(resolver, host, allowed);
    const targets: Endpoint[] = [];
    for (const [name, protocol] of srvNames) {
      for (const record of orderSrv(
        await optional(resolver.resolveSrv(name)),
        options.random ?? Math.random,
      )) {
        for (const address of await addressesOf(resolver, record.name, useSystem).catch(() => [])) {
          targets.push({ protocol, address, port: record.port });
        }
      }
      if (targets.length >= MAX_TARGETS) break;
    }
    if (targets.length > 0) return { ok: true, targets: targets.slice(0, MAX_TARGETS) };
    const addresses = await addressesOf(resolver, host, useSystem);
    return found(
      addresses.map((address) => ({
        protocol: fallbackProtocol,
        address,
        port: defaultPort(fallbackProtocol),
      })),
      uriText,
    );
  } catch (error) {
    return {
      ok: false,
      reason: LocateFailure.Dns,
      detail: `cannot resolve ${host}: ${(error as Error).message}`,
    };
  }
}

/** The URI as a detail message shows it. */
function describeUri(uri: SipUri): string {
  return formatSipUri(uri);
}

/** NAPTR records for SIP services we support, else one SRV name per allowed transport (§4.1). */
async function naptrServices(
  resolver: DnsResolver,
  host: string,
  allowed: TransportProtocol[],
): Promise<(readonly [string, TransportProtocol])[]> {
  const records = (await optional(resolver.resolveNaptr(host)))
    .filter(
      (r) =>
        r.flags.toLowerCase() === 's' &&
        NAPTR_SERVICE[r.service.toUpperCase()] &&
        allowed.includes(NAPTR_SERVICE[r.service.toUpperCase()]!),
    )
    .sort((a, b) => a.order - b.order || a.preference - b.preference);
  if (records.length > 0)
    return records.map((r) => [r.replacement, NAPTR_SERVICE[r.service.toUpperCase()]!] as const);
  return allowed.map((protocol) => [SRV_PREFIX[protocol] + host, protocol] as const);
}

/** RFC 2782: ascending priority; within a priority, repeated weighted random picks. */
export function orderSrv<T extends { priority: number; weight: number }>(
  records: T[],
  random: () => number,
): T[] {
  const byPriority = new Map<number, T[]>();
  for (const record of records)
    byPriority.set(record.priority, [...(byPriority.get(record.priority) ?? []), record]);
  const ordered: T[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // Zero-weight records first so they keep a small chance, as RFC 2782 describes.
    const pool = [...byPriority.get(priority)!].sort((a, b) => a.weight - b.weight);
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      const pick = random() * (total + 1);
      let running = 0;
      let index = pool.length - 1;
      for (let i = 0; i < pool.length; i++) {
        running += pool[i]!.weight;
        if (running >= pick) {
          index = i;
          break;
        }
      }
      ordered.push(pool.splice(index, 1)[0]!);
    }
  }
  return ordered;
}

async function addressesOf(resolver: DnsResolver, host: string, useSystem: boolean): Promise<string[]> {
  const [v4, v6] = await Promise.all([optional(resolver.resolve4(host)), optional(resolver.resolve6(host))]);
  const addresses = [...v4, ...v6];
  if (addresses.length > 0 || !useSystem) {
    if (addresses.length === 0) throw new Error('no A or AAAA record');
    return addresses;
  }
  const system = await systemLookup(host, { all: true });
  if (system.length === 0) throw new Error('no address');
  return system.map((entry) => entry.address);
}

function found(targets: Endpoint[], uriText: string): LocateResult {
  return targets.length > 0
    ? { ok: true, targets }
    : { ok: false, reason: LocateFailure.Dns, detail: `no address for ${uriText}` };
}

/** A lookup whose "no such record" answers count as an empty list. */
async function optional<T>(pending: Promise<T[]>): Promise<T[]> {
  try {
    return await pending;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENODATA' || code === 'ENOTFOUND' || code === 'ENONAME' || code === 'NOTFOUND') return [];
    throw error;
  }
}
