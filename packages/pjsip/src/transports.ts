import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { MsgError } from '@messagesend/core';
import { type TransportProtocol, type TransportSpec, uriTransport } from '@messagesend/sip-ua';
import type { PjsipConfig, PjsipTransport } from './config/types.js';
import { PjsipErrorCode } from './errors.js';
import type { ResolvedTarget } from './resolve.js';

export interface BindAddress {
  host: string;
  port: number;
}

/** `host`, `host:port`, `[v6]:port` or `v6` (default port 5060, 5061 for TLS). */
export function parseBind(bind: string | undefined, protocol: PjsipTransport['protocol']): BindAddress {
  const fallback = protocol === 'tls' ? 5061 : 5060;
  if (!bind) return { host: '0.0.0.0', port: fallback };
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(bind);
  if (v6) return { host: v6[1]!, port: v6[2] === undefined ? fallback : Number(v6[2]) };
  // Two colons at least, or it is not IPv6: an IPv4 bind never compiles node's IPv6 pattern
  // (4 ms of a cold load).
  if (bind.indexOf(':') !== bind.lastIndexOf(':') && isIPv6(bind)) return { host: bind, port: fallback };
  const [host = '0.0.0.0', port] = bind.split(':');
  return { host, port: port === undefined ? fallback : Number(port) };
}

/** The first transport of each protocol in pjsip.conf, as SIP stack transports (the rest are reported). */
export function transportSpecs(config: PjsipConfig, warnings: string[]): TransportSpec[] {
  const specs = new Map<string, TransportSpec>();
  for (const [name, transport] of Object.entries(config.transports ?? {})) {
    if (specs.has(transport.protocol)) {
      warnings.push(`[${name}] a second ${transport.protocol} transport is not supported; ignored`);
      continue;
    }
    const { host, port } = parseBind(transport.bind, transport.protocol);
    const spec: TransportSpec = { protocol: transport.protocol, host, port };
    if (transport.externalSignalingAddress) spec.publicAddress = transport.externalSignalingAddress;
    if (transport.protocol === 'tls') {
      const read = (key: string, path: string | undefined): Buffer | undefined => {
        if (path === undefined) return undefined;
        try {
          return readFileSync(path);
        } catch (cause) {
          throw new MsgError(
            PjsipErrorCode.Config,
            `[${name}] ${key}: cannot read ${path}: ${(cause as Error).message}`,
            { cause },
          );
        }
      };
      const cert = read('cert_file', transport.certFile);
      const key = read('priv_key_file', transport.privKeyFile);
      const ca = read('ca_list_file', transport.caListFile);
      spec.tls = {
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
        ...(ca ? { ca } : {}),
        rejectUnauthorized: transport.verifyServer !== false,
      };
    }
    specs.set(transport.protocol, spec);
  }
  if (specs.size === 0) specs.set('udp', { protocol: 'udp', host: '0.0.0.0', port: 5060 });
  return [...specs.values()];
}

/** The protocol an endpoint is tied to (its transport=), or what the URI asks for (sip-ua's one rule). */
export function protocolFor(target: ResolvedTarget, config: PjsipConfig): TransportProtocol | undefined {
  const named = target.endpoint.transport
    ? config.transports?.[target.endpoint.transport]?.protocol
    : undefined;
  return named ?? uriTransport(target.uri);
}
