import { networkInterfaces } from 'node:os';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import { MsgError } from '@messagesend/core';
import { SipErrorCode } from '../errors.js';
import type { InboundLimits } from '../inbound/limits.js';
import type { Pacer } from '../transaction/pacing.js';
import { startStreamTransport } from '../transport/stream.js';
import type { SocketBuffers, Transport } from '../transport/transport.js';
import { startUdpTransport } from '../transport/udp.js';
import type { WireTrace } from '../transport/wire-trace.js';
import type { TransportProtocol } from '../wire/message.js';
import type { InboundDispatch } from './inbound-dispatch.js';

export interface TransportSpec {
  protocol: TransportProtocol;
  /** Bind address (default 127.0.0.1). `0.0.0.0` binds every interface. */
  host?: string;
  /** Port; 0 (the default) lets the system choose. */
  port?: number;
  /** Address to put in Via when bound to a wildcard (default: the first non-internal IPv4). */
  publicAddress?: string;
  /** TLS: server key/cert, client ca/servername; peer certificates are verified unless you say otherwise. */
  tls?: TlsOptions & ConnectionOptions;
}

/**
 * Binds one transport per spec into `transports` (its bound host the one printed in Via). On a
 * failure every transport bound so far is closed and the error rethrown.
 */
export async function bindTransports(
  specs: readonly TransportSpec[],
  transports: Map<TransportProtocol, Transport>,
  limits: InboundLimits,
  inbound: InboundDispatch,
  udp: { buffers: Partial<SocketBuffers>; pacer?: Pacer } = { buffers: {} },
  trace?: WireTrace,
): Promise<void> {
  try {
    for (const spec of specs) {
      const host = spec.host ?? '127.0.0.1';
      const port = spec.port ?? 0;
      const transport =
        spec.protocol === 'udp'
          ? await startUdpTransport(
              host,
              port,
              inbound.onDatagram('udp'),
              inbound.contain,
              udp.buffers,
              trace,
            )
          : await startStreamTransport(
              {
                protocol: spec.protocol,
                host,
                port,
                tls: spec.tls,
                idleTimeoutMs: limits.idleTimeoutMs,
                maxMessageBytes: limits.maxMessageBytes,
                maxConnections: limits.maxConnections,
                maxConnectionsPerSource: limits.maxConnectionsPerSource,
                events: inbound.events,
                ...(trace ? { trace } : {}),
              },
              inbound.onDatagram(spec.protocol),
            );
      if (transports.has(spec.protocol)) {
        await transport.close();
        throw new MsgError(
          SipErrorCode.NoTransport,
          `two ${spec.protocol.toUpperCase()} transports given; use one per protocol`,
        );
      }
      const viaHost = spec.publicAddress ?? (isWildcard(host) ? wildcardSendHost() : transport.bound.host);
      transports.set(spec.protocol, {
        ...transport,
        bound: { ...transport.bound, host: viaHost },
        send: transport.send,
        close: transport.close,
        ...(spec.protocol === 'udp' && udp.pacer ? { pacer: udp.pacer } : {}),
      });
    }
  } catch (error) {
    await Promise.all([...transports.values()].map((t) => t.close()));
    throw error;
  }
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The address a socket bound to 0.0.0.0 or :: puts in Via and the default From (dry runs show the same). */
export function wildcardSendHost(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}
