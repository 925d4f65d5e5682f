import { networkInterfaces } from 'node:os';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import { type Logger, MsgError, silentLogger } from '@messagesend/core';
import type { DnsResolver } from './dns/locate.js';
import { SipErrorCode } from './errors.js';
import { newTag } from './ids.js';
import { type SendHandle, type SendRequestOptions, type StackContext, sendRequest } from './send-request.js';
import { createSendTracker, DEFAULT_STACK_CLOSE_GRACE_MS } from './send-tracker.js';
import { ServerTransaction } from './transaction/server.js';
import { DEFAULT_TIMERS, type SipTimers } from './transaction/timers.js';
import { startStreamTransport } from './transport/stream.js';
import type { BoundAddress, OnDatagram, Transport } from './transport/transport.js';
import { startUdpTransport } from './transport/udp.js';
import { findHeader, findHeaders, type HeaderField } from './wire/headers.js';
import type {
  IncomingRequest,
  IncomingResponse,
  OutgoingRequest,
  TransportProtocol,
} from './wire/message.js';
import { decodeMessage } from './wire/parse.js';
import { printResponse } from './wire/print.js';

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

/** What a request handler answers. The stack copies Via, From, To (adding a tag), Call-ID and CSeq. */
export interface ResponseSpec {
  status: number;
  reason?: string;
  headers?: HeaderField[];
  body?: string;
}

export type RequestHandler = (request: IncomingRequest) => ResponseSpec | Promise<ResponseSpec>;

export interface SipStackOptions {
  transports?: TransportSpec[];
  timers?: Partial<SipTimers>;
  logger?: Logger;
  onRequest?: RequestHandler;
  /** DNS resolver for RFC 3263 location (default: the system's servers). */
  resolver?: DnsResolver;
  /** A handler slower than this is answered 500 (default 10 s). */
  handlerTimeoutMs?: number;
  /** How long close() lets sends in flight get their final response (default 2 s). */
  closeGraceMs?: number;
}

export interface SipStack {
  /** Every bound transport, with the port actually bound. */
  readonly addresses: readonly BoundAddress[];
  /** The bound address of a protocol (host as printed in Via). */
  address(protocol: TransportProtocol): BoundAddress | undefined;
  setRequestHandler(handler: RequestHandler | undefined): void;
  /** Sends an out-of-dialog request as a non-INVITE client transaction. Never throws for network problems. */
  send(request: OutgoingRequest, options?: SendRequestOptions): SendHandle;
  readonly closed: boolean;
  /**
   * Refuses new sends, lets those in flight finish within `graceMs` (default `closeGraceMs`), settles
   * the rest as StackClosed (delivery `error` if written, `not-sent` if not), closes every socket. Idempotent.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  423: 'Interval Too Brief',
  481: 'Call/Transaction Does Not Exist',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 300 ? 'OK' : 'Error');
}

/** Binds the transports and starts a SIP stack. Rejects with ERR_MSG_SIP_BIND_FAILED when a port is taken. */
export async function startSipStack(options: SipStackOptions = {}): Promise<SipStack> {
  const logger = options.logger ?? silentLogger;
  const timers: SipTimers = { ...DEFAULT_TIMERS, ...options.timers };
  const specs = options.transports ?? [{ protocol: 'udp' }];
  const transports = new Map<TransportProtocol, Transport>();
  const clients = new Map<string, (response: IncomingResponse) => void>();
  const servers = new Map<string, ServerTransaction>();
  const closeController = new AbortController();
  const inflight = new Set<() => void>();
  const outbound = createSendTracker();
  let handler = options.onRequest;
  let closing: Promise<void> | undefined;

  const onDatagram =
    (protocol: TransportProtocol): OnDatagram =>
    (bytes, source) => {
      const message = decodeMessage(bytes, source);
      if (!message) {
        logger.debug('dropped a datagram that is not a SIP message', {
          from: `${source.address}:${source.port}`,
        });
        return;
      }
      const { branch, sentBy } = message.topVia;
      if (message.kind === 'response') {
        clients.get(`${branch}|${message.cseq.method}`)?.(message);
        return;
      }
      if (message.method === 'ACK') return;
      // RFC 3261 §17.2.3; a pre-RFC 3261 branch is not unique, so Call-ID and CSeq join the key.
      const legacy = branch.startsWith('z9hG4bK') ? '' : `|${message.callId}|${message.cseq.seq}`;
      const key = `${branch}|${message.method}|${sentBy}${legacy}`;
      const existing = servers.get(key);
      if (existing) return existing.retransmitted();
      const transport = transports.get(protocol)!;
      const transaction = new ServerTransaction(transport, source, timers, () => servers.delete(key));
      servers.set(key, transaction);
      void answer(message, transaction);
    };

  async function answer(request: IncomingRequest, transaction: ServerTransaction): Promise<void> {
    let spec: ResponseSpec;
    if (closing) spec = { status: 503 };
    else if (!handler) spec = { status: 501 };
    else {
      spec = await callHandler(handler, request, options.handlerTimeoutMs ?? 10_000).catch(
        (error: unknown) => {
          logger.error('SIP request handler failed', { method: request.method, error });
          return { status: 500 };
        },
      );
    }
    const headers = responseHeaders(request, spec);
    const bytes = printResponse(
      spec.status,
      spec.reason ?? reasonPhrase(spec.status),
      headers,
      spec.body ?? '',
    );
    await transaction.respond(spec.status, bytes);
  }

  try {
    for (const spec of specs) {
      const host = spec.host ?? '127.0.0.1';
      const port = spec.port ?? 0;
      const transport =
        spec.protocol === 'udp'
          ? await startUdpTransport(host, port, onDatagram('udp'))
          : await startStreamTransport(
              { protocol: spec.protocol, host, port, tls: spec.tls },
              onDatagram(spec.protocol),
            );
      if (transports.has(spec.protocol)) {
        await transport.close();
        throw new MsgError(
          SipErrorCode.NoTransport,
          `two ${spec.protocol.toUpperCase()} transports given; use one per protocol`,
        );
      }
      const viaHost = spec.publicAddress ?? (isWildcard(host) ? firstExternalIPv4() : transport.bound.host);
      transports.set(spec.protocol, {
        ...transport,
        bound: { ...transport.bound, host: viaHost },
        send: transport.send,
        close: transport.close,
      });
    }
  } catch (error) {
    await Promise.all([...transports.values()].map((t) => t.close()));
    throw error;
  }

  const context: StackContext = {
    transports,
    timers,
    resolver: options.resolver,
    closeSignal: closeController.signal,
    track(cancel) {
      inflight.add(cancel);
      return () => inflight.delete(cancel);
    },
    listen(branch, method, onResponse) {
      const key = `${branch}|${method}`;
      clients.set(key, onResponse);
      return () => clients.delete(key);
    },
  };

  return {
    addresses: [...transports.values()].map((t) => t.bound),
    address: (protocol) => transports.get(protocol)?.bound,
    setRequestHandler(next) {
      handler = next;
    },
    send(request, sendOptions = {}) {
      return outbound.add(() => sendRequest(context, request, sendOptions));
    },
    get closed() {
      return closing !== undefined;
    },
    close(closeOptions) {
      closing ??= (async () => {
        await outbound.drain(closeOptions?.graceMs ?? options.closeGraceMs ?? DEFAULT_STACK_CLOSE_GRACE_MS);
        closeController.abort();
        for (const cancel of [...inflight]) cancel();
        await Promise.all([...transports.values()].map((t) => t.close()));
        clients.clear();
        servers.clear();
      })();
      return closing;
    },
  };
}

function callHandler(
  handler: RequestHandler,
  request: IncomingRequest,
  timeoutMs: number,
): Promise<ResponseSpec> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`handler gave no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (spec) => {
          clearTimeout(timer);
          if (!spec || !Number.isInteger(spec.status) || spec.status < 100 || spec.status > 699) {
            reject(new Error('handler returned no valid status'));
          } else resolve(spec);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}

/** Via (all), From, To (tagged), Call-ID and CSeq copied from the request, then the handler's headers. */
function responseHeaders(request: IncomingRequest, spec: ResponseSpec): HeaderField[] {
  const copied: HeaderField[] = findHeaders(request.headers, 'via').map((value) => ({ name: 'Via', value }));
  const to = findHeader(request.headers, 'to') ?? '';
  const tagged = spec.status > 100 && !/;\s*tag=/i.test(to) ? `${to};tag=${newTag()}` : to;
  copied.push(
    { name: 'From', value: findHeader(request.headers, 'from') ?? '' },
    { name: 'To', value: tagged },
    { name: 'Call-ID', value: findHeader(request.headers, 'call-id') ?? '' },
    { name: 'CSeq', value: findHeader(request.headers, 'cseq') ?? '' },
  );
  return [...copied, ...(spec.headers ?? [])];
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

function firstExternalIPv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}
