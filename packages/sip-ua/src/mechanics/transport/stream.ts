import {
  createServer as createTcpServer,
  isIP,
  type Server,
  type Socket,
  connect as tcpConnect,
} from 'node:net';
import {
  type ConnectionOptions,
  createServer as createTlsServer,
  type TlsOptions,
  connect as tlsConnect,
} from 'node:tls';
import { MsgError } from '@messagesend/core';
import { SipErrorCode } from '../errors.js';
import type { Endpoint } from '../wire/message.js';
import { createStreamFramer } from '../wire/stream-framer.js';
import { watchLostConnections } from './connection-lost.js';
import { checkSipServerIdentity } from './sip-identity.js';
import type { InboundEvents, OnDatagram, Transport, TransportSendOptions } from './transport.js';
import type { WireTrace } from './wire-trace.js';

export interface StreamTransportOptions {
  protocol: 'tcp' | 'tls';
  host: string;
  port: number;
  /** TLS server side (key, cert) and client side (ca, servername); certificates are verified by default. */
  tls?: TlsOptions & ConnectionOptions;
  connectTimeoutMs?: number;
  /** A connection that sends nothing for this long is closed (default 60 s). */
  idleTimeoutMs?: number;
  /** Largest message read (head + body); beyond it the connection is answered and closed (default 64 KiB). */
  maxMessageBytes?: number;
  /** Accepted connections open at once (default 1024); beyond it new ones are closed at once. */
  maxConnections?: number;
  /** Accepted connections open at once from one IP address (default 64). */
  maxConnectionsPerSource?: number;
  /** Where refusals are reported and answered. */
  events?: InboundEvents;
  /** Every framed message read and every message written (`--trace`); absent, no extra work. */
  trace?: WireTrace;
}

/**
 * TCP or TLS: one listening server plus a pool of connections keyed by remote address, reused in
 * both directions (a response goes back on the connection its request came on). Written here
 * because the npm stack's stream transport gives no handle on the sockets it opens, so they could
 * not be closed on shutdown, and its listen errors are unhandled.
 */
export function startStreamTransport(
  options: StreamTransportOptions,
  onDatagram: OnDatagram,
): Promise<Transport> {
  const { protocol, host } = options;
  const connections = new Map<string, Promise<Socket>>();
  const sockets = new Set<Socket>();
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const maxConnections = options.maxConnections ?? 1024;
  const maxPerSource = options.maxConnectionsPerSource ?? 64;
  const accepted = new Map<string, number>();
  let acceptedTotal = 0;
  let closing: Promise<void> | undefined;

  const adopt = (socket: Socket, key: string): void => {
    sockets.add(socket);
    // No connection holds the process on its own: the stack decides (SipStack.holdProcess); a
    // request in flight on it is held by its transaction's timer.
    socket.unref();
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () => {
      options.events?.idleClosed();
      socket.destroy();
    });
    const source = () => ({
      protocol,
      address: socket.remoteAddress ?? '',
      port: socket.remotePort ?? 0,
      local: { address: socket.localAddress ?? host, port: socket.localPort ?? 0 },
    });
    const feed = createStreamFramer(
      (bytes) => {
        const from = source();
        if (options.trace)
          options.trace({ direction: 'in', protocol, address: from.address, port: from.port, bytes });
        onDatagram(bytes, from);
      },
      (error) => {
        // Answer what can be answered (413, 400), then close: the stream cannot be re-synchronised.
        const answer = options.events?.framingError(error, source());
        if (!answer) return void socket.destroy();
        const bound = setTimeout(() => socket.destroy(), 1000);
        bound.unref();
        socket.end(answer, () => {
          clearTimeout(bound);
          socket.destroy();
        });
      },
      options.maxMessageBytes ?? 64 * 1024,
    );
    socket.on('data', (chunk: Buffer) => {
      try {
        feed(chunk);
      } catch (error) {
        // Last line of defence: nothing read off a socket may throw past the transport.
        options.events?.contained(error);
        socket.destroy();
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      connections.delete(key);
    });
  };

  const server: Server =
    protocol === 'tls'
      ? createTlsServer({ handshakeTimeout: idleTimeoutMs, ...options.tls }, (socket) => accept(socket))
      : createTcpServer((socket) => accept(socket));
  // Node's own bound also covers TLS connections still in their handshake.
  server.maxConnections = maxConnections;
  server.on('drop', () => options.events?.connectionRefused());
  function accept(socket: Socket): void {
    if (closing) return void socket.destroy();
    const address = socket.remoteAddress ?? '';
    const fromSource = accepted.get(address) ?? 0;
    if (acceptedTotal >= maxConnections || fromSource >= maxPerSource) {
      options.events?.connectionRefused();
      socket.on('error', () => {});
      return void socket.destroy();
    }
    accepted.set(address, fromSource + 1);
    acceptedTotal++;
    socket.once('close', () => {
      acceptedTotal--;
      const left = (accepted.get(address) ?? 1) - 1;
      if (left > 0) accepted.set(address, left);
      else accepted.delete(address);
    });
    // An accepted TLS connection is unverified (the peer showed us no server certificate): it
    // carries responses, and new requests only over TCP, where there is no identity to check.
    const key = `${protocol === 'tls' ? 'accepted|' : ''}${socket.remoteAddress}:${socket.remotePort}`;
    adopt(socket, key);
    connections.set(key, Promise.resolve(socket));
  }

  /**
   * A pooled connection to `target`. TLS connections are keyed by the name the certificate was
   * checked against too: one verified for one SIP domain is not reused for another (RFC 5923).
   */
  const open = (target: Endpoint, serverName?: string): Promise<Socket> => {
    const domain = protocol === 'tls' && serverName && isIP(serverName) === 0 ? serverName : undefined;
    const key = `${target.address}:${target.port}${domain ? `|${domain.toLowerCase()}` : ''}`;
    const existing = connections.get(key);
    if (existing) return existing;
    const pending = new Promise<Socket>((resolve, reject) => {
      const socket =
        protocol === 'tls'
          ? tlsConnect({ ...options.tls, ...tlsIdentity(domain), host: target.address, port: target.port })
          : tcpConnect({ host: target.address, port: target.port });
      const ready = protocol === 'tls' ? 'secureConnect' : 'connect';
      const timer = setTimeout(
        () => socket.destroy(new Error(`connect timeout after ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
      socket.once(ready, () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        connections.delete(key);
        reject(error);
      });
      adopt(socket, key);
    });
    connections.set(key, pending);
    return pending;
  };

  /**
   * RFC 5922 §4.1: the certificate must name the SIP domain of the URI (the name the RFC 3263
   * lookup started from), not the address it resolved to. Without a domain (an IP literal URI) the
   * configured servername, else the address, is checked the usual way.
   */
  const tlsIdentity = (domain: string | undefined): ConnectionOptions => {
    if (domain)
      return {
        servername: domain,
        checkServerIdentity: (_host, cert) => checkSipServerIdentity(domain, cert),
      };
    const servername = options.tls?.servername;
    return servername ? { servername } : {};
  };

  const lost = watchLostConnections();
  return new Promise((resolve, reject) => {
    const onListenError = (error: Error): void =>
      reject(
        new MsgError(
          SipErrorCode.BindFailed,
          `cannot listen on ${protocol.toUpperCase()} ${host}:${options.port}: ${error.message}`,
          {
            cause: error,
          },
        ),
      );
    server.once('error', onListenError);
    server.listen(options.port, host, () => {
      server.off('error', onListenError);
      server.unref();
      server.on('error', () => {});
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        bound: { protocol, host, port },
        reliable: true,
        async send(target, bytes, sendOptions?: TransportSendOptions) {
          if (closing) throw new Error('transport closed');
          const accepted =
            protocol === 'tls' && !sendOptions?.request
              ? connections.get(`accepted|${target.address}:${target.port}`)
              : undefined;
          const socket = await (accepted ?? open(target, sendOptions?.serverName));
          if (options.trace)
            options.trace({ direction: 'out', protocol, address: target.address, port: target.port, bytes });
          await new Promise<void>((done, fail) =>
            socket.write(bytes, (error) => (error ? fail(error) : done())),
          );
          if (sendOptions?.onLost) lost.watch(socket, sendOptions.onLost, sendOptions.until);
        },
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          });
          return closing;
        },
      });
    });
  });
}
