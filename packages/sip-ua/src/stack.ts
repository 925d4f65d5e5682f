import { networkInterfaces } from 'node:os';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import { type Logger, MsgError, toLogger } from '@messagesend/core';
import type { DnsResolver } from './dns/locate.js';
import { SipErrorCode, SipInbound } from './errors.js';
import { copiedHeaders, printAnswer } from './inbound/answer.js';
import { DEFAULT_LIMITS, type InboundLimits } from './inbound/limits.js';
import { RateLimiter } from './inbound/rate-limiter.js';
import { InboundCounters, type InboundStats } from './inbound/stats.js';
import { type SendHandle, type SendRequestOptions, type StackContext, sendRequest } from './send-request.js';
import { createSendTracker, DEFAULT_STACK_CLOSE_GRACE_MS } from './send-tracker.js';
import { ServerTransaction } from './transaction/server.js';
import { DEFAULT_TIMERS, type SipTimers } from './transaction/timers.js';
import { startStreamTransport } from './transport/stream.js';
import type { BoundAddress, InboundEvents, OnDatagram, Transport } from './transport/transport.js';
import { startUdpTransport } from './transport/udp.js';
import type { HeaderField } from './wire/headers.js';
import type {
  IncomingRequest,
  IncomingResponse,
  OutgoingRequest,
  TransportProtocol,
} from './wire/message.js';
import { readMessage, type Source, type WireProblem } from './wire/parse.js';

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
  /** Bounds on inbound traffic (connections, sizes, rates); see DEFAULT_LIMITS for the defaults. */
  limits?: Partial<InboundLimits>;
}

export interface SipStack {
  /** Every bound transport, with the port actually bound. */
  readonly addresses: readonly BoundAddress[];
  /** The bound address of a protocol (host as printed in Via). */
  address(protocol: TransportProtocol): BoundAddress | undefined;
  setRequestHandler(handler: RequestHandler | undefined): void;
  /** Sends an out-of-dialog request as a non-INVITE client transaction. Never throws for network problems. */
  send(request: OutgoingRequest, options?: SendRequestOptions): SendHandle;
  /** Inbound counters: messages received, answered, dropped, and why. */
  stats(): InboundStats;
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
  505: 'Version Not Supported',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 300 ? 'OK' : 'Error');
}

/** Binds the transports and starts a SIP stack. Rejects with ERR_MSG_SIP_BIND_FAILED when a port is taken. */
export async function startSipStack(options: SipStackOptions = {}): Promise<SipStack> {
  const logger = toLogger(options.logger);
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
  const limits: InboundLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const counters = new InboundCounters();
  const limiter = new RateLimiter(limits.requestsPerSecond, limits.requestBurst);
  let pending = 0;

  const contain = (error: unknown): void => {
    counters.dropped(SipInbound.Contained);
    logger.error('contained an error while handling received SIP bytes', { error });
  };

  /** Answers a refused request statelessly (a retransmission is simply refused again). */
  const refuse = (transport: Transport, source: Source, problem: WireProblem): void => {
    if (!problem.status) return void counters.dropped(problem.code);
    const reason = `${reasonPhrase(problem.status)} (${problem.detail})`;
    void transport.send(source, printAnswer(problem.status, reason, problem.echo)).catch(() => {});
    counters.answered(problem.code);
  };

  const onDatagram =
    (protocol: TransportProtocol): OnDatagram =>
    (bytes, source) => {
      try {
        receive(protocol, bytes, source);
      } catch (error) {
        contain(error);
      }
    };

  function receive(protocol: TransportProtocol, bytes: Buffer, source: Source): void {
    counters.received();
    const transport = transports.get(protocol);
    if (!transport) return void counters.dropped(SipInbound.Contained);
    const read = readMessage(bytes, source, {
      stream: protocol !== 'udp',
      maxMessageBytes: limits.maxMessageBytes,
    });
    if (read.ok && read.message.kind === 'response') {
      const { message } = read;
      clients.get(`${message.topVia.branch}|${message.cseq.method}`)?.(message);
      return;
    }
    if (!read.ok && read.problem.response) return void counters.dropped(read.problem.code);
    // Every request counts against its source's bucket, refused ones too, so 400s cannot be farmed.
    if (!limiter.take(source.address)) return void counters.dropped(SipInbound.RateLimited);
    if (!read.ok) {
      logger.debug('refused an inbound SIP message', {
        from: `${source.address}:${source.port}`,
        problem: read.problem.detail,
      });
      return void refuse(transport, source, read.problem);
    }
    const message = read.message as IncomingRequest;
    if (message.method === 'ACK') return;
    const { branch, sentBy } = message.topVia;
    // RFC 3261 §17.2.3; a pre-RFC 3261 branch is not unique, so Call-ID and CSeq join the key.
    const legacy = branch.startsWith('z9hG4bK') ? '' : `|${message.callId}|${message.cseq.seq}`;
    // The source joins the key too: a copy from elsewhere is a new request, never a way to make
    // the stack resend a stored response to the first sender.
    const key = `${branch}|${message.method}|${sentBy}${legacy}|${source.address}|${source.port}`;
    const existing = servers.get(key);
    if (existing) return void existing.retransmitted();
    const transaction = new ServerTransaction(transport, source, timers, () => servers.delete(key));
    servers.set(key, transaction);
    if (pending >= limits.maxPendingRequests) {
      void transaction.respond(503, overloaded(message));
      return void counters.answered(SipInbound.Overloaded);
    }
    pending++;
    answer(message, transaction)
      .catch(contain)
      .finally(() => pending--);
  }

  function overloaded(request: IncomingRequest): Buffer {
    return printAnswer(
      503,
      `${reasonPhrase(503)} (too many requests in progress)`,
      copiedHeaders(request.headers, 503),
      [{ name: 'Retry-After', value: '5' }],
    );
  }

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
    let bytes: Buffer;
    try {
      bytes = printAnswer(
        spec.status,
        spec.reason ?? reasonPhrase(spec.status),
        copiedHeaders(request.headers, spec.status),
        spec.headers,
        spec.body ?? '',
      );
    } catch (error) {
      // The handler's answer cannot be printed (a control character in its headers): 500 instead.
      logger.error('SIP request handler answered with an unprintable response', { error });
      bytes = printAnswer(500, reasonPhrase(500), copiedHeaders(request.headers, 500));
    }
    counters.answered();
    await transaction.respond(spec.status, bytes);
  }

  const events: InboundEvents = {
    framingError(error, source) {
      counters.received();
      const read = error.head ? readMessage(error.head, source, { stream: true }) : undefined;
      const routable =
        read && (read.ok ? read.message.kind === 'request' : read.problem.status !== undefined);
      if (!read || !routable) return void counters.dropped(error.code);
      const status = error.code === SipInbound.TooLarge ? 413 : 400;
      const echo = read.ok ? copiedHeaders(read.message.headers, status) : read.problem.echo;
      counters.answered(error.code);
      return printAnswer(status, `${reasonPhrase(status)} (${error.reason})`, echo);
    },
    connectionRefused: () => counters.noted(SipInbound.ConnectionRefused),
    idleClosed: () => counters.noted(SipInbound.IdleClosed),
    contained: contain,
  };

  try {
    for (const spec of specs) {
      const host = spec.host ?? '127.0.0.1';
      const port = spec.port ?? 0;
      const transport =
        spec.protocol === 'udp'
          ? await startUdpTransport(host, port, onDatagram('udp'), contain)
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
                events,
              },
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
    stats: () => counters.snapshot(),
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
