import type { Logger } from '@messagesend/core';
import { SipInbound } from '../errors.js';
import { copiedHeaders, printAnswer } from '../inbound/answer.js';
import type { InboundLimits } from '../inbound/limits.js';
import { RateLimiter } from '../inbound/rate-limiter.js';
import { looksLikeResponse } from '../inbound/response-prefix.js';
import type { InboundCounters } from '../inbound/stats.js';
import type { ClientTransactions } from '../transaction/client-registry.js';
import { ServerTransaction } from '../transaction/server.js';
import type { SipTimers } from '../transaction/timers.js';
import type { InboundEvents, OnDatagram, Transport } from '../transport/transport.js';
import type { HeaderField } from '../wire/headers.js';
import type { IncomingRequest, TransportProtocol } from '../wire/message.js';
import { readMessage, type WireProblem, type WireSource } from '../wire/parse.js';
import { reasonPhrase } from './reason-phrase.js';
import { callHandler, type RequestHandler, type ResponseSpec } from './request-handler.js';
import { sentByTarget } from './response-target.js';

export interface InboundDispatchOptions {
  transports: ReadonlyMap<TransportProtocol, Transport>;
  /** Client transactions waiting for a response (or absorbing retransmissions), by `branch|method`. */
  clients: ClientTransactions;
  /** Server transactions, by the request's key (see receive). */
  servers: Map<string, ServerTransaction>;
  timers: SipTimers;
  limits: InboundLimits;
  counters: InboundCounters;
  logger: Logger;
  handlerTimeoutMs: number;
  /** The current request handler (setRequestHandler may change it). */
  handler(): RequestHandler | undefined;
  /** True once the stack is closing: new requests are answered 503. */
  closing(): boolean;
  /** `Server` header of the answers the stack gives by itself (see SipStackOptions). */
  serverHeader?: string;
}

export interface InboundDispatch {
  /** The receive callback of a protocol's transport. */
  onDatagram(protocol: TransportProtocol): OnDatagram;
  /** Stream transports' framing and connection events. */
  events: InboundEvents;
  /** Counts and logs an error thrown while handling received bytes, so it never escapes. */
  contain(error: unknown): void;
}

/**
 * Received bytes to their place: a response to its client transaction, a retransmitted request to
 * its server transaction, a new request (within the rate, size and in-progress limits) to the
 * handler, a refused one to a stateless answer.
 */
export function createInboundDispatch(options: InboundDispatchOptions): InboundDispatch {
  const { transports, clients, servers, timers, limits, counters, logger } = options;
  const limiter = new RateLimiter(limits.requestsPerSecond, limits.requestBurst);
  let pending = 0;
  // Asterisk's Server header goes on every response, the stack's own refusals included.
  const server: HeaderField[] = options.serverHeader ? [{ name: 'Server', value: options.serverHeader }] : [];
  const withServer = (headers: readonly HeaderField[] = []): HeaderField[] =>
    headers.some((h) => h.name.toLowerCase() === 'server') ? [...headers] : [...headers, ...server];

  const contain = (error: unknown): void => {
    counters.dropped(SipInbound.Contained);
    logger.error('contained an error while handling received SIP bytes', { error });
  };

  /** Answers a refused request statelessly (a retransmission is simply refused again). */
  const refuse = (transport: Transport, source: WireSource, problem: WireProblem): void => {
    if (!problem.status) return void counters.dropped(problem.reason);
    const reason = `${reasonPhrase(problem.status)} (${problem.detail})`;
    void transport.send(source, printAnswer(problem.status, reason, problem.echo, server)).catch(() => {});
    counters.answered(problem.reason);
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

  function receive(protocol: TransportProtocol, bytes: Buffer, source: WireSource): void {
    counters.received();
    const transport = transports.get(protocol);
    if (!transport) return void counters.dropped(SipInbound.Contained);
    // Every request counts against its source's bucket, refused ones too, so 400s cannot be
    // farmed; decided before the parse so a flood costs no parse. Responses are exempt.
    if (!looksLikeResponse(bytes) && !limiter.take(source.address))
      return void counters.dropped(SipInbound.RateLimited);
    counters.parsed();
    const read = readMessage(bytes, source, {
      stream: protocol !== 'udp',
      maxMessageBytes: limits.maxMessageBytes,
    });
    if (read.ok && read.message.kind === 'response') {
      const { message } = read;
      const delivery = clients.deliver(message.topVia.branch, message.cseq.method, message);
      if (delivery !== 'delivered')
        logger.debug(
          delivery === 'absorbed'
            ? 'absorbed a retransmitted final response (Timer K)'
            : 'dropped a response matching no client transaction',
          { status: message.status, callId: message.callId, from: `${source.address}:${source.port}` },
        );
      return;
    }
    if (!read.ok && read.response) return void counters.dropped(read.reason);
    if (!read.ok) {
      logger.debug('refused an inbound SIP message', {
        from: `${source.address}:${source.port}`,
        problem: read.detail,
      });
      return void refuse(transport, source, read);
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
      [{ name: 'Retry-After', value: '5' }, ...server],
    );
  }

  async function answer(request: IncomingRequest, transaction: ServerTransaction): Promise<void> {
    let spec: ResponseSpec;
    const handler = options.handler();
    if (options.closing()) spec = { status: 503 };
    else if (!handler) spec = { status: 501 };
    else {
      spec = await callHandler(handler, request, options.handlerTimeoutMs).catch((error: unknown) => {
        logger.error('SIP request handler failed', { method: request.method, error });
        return { status: 500 };
      });
    }
    let bytes: Buffer;
    try {
      bytes = printAnswer(
        spec.status,
        spec.reason ?? reasonPhrase(spec.status),
        copiedHeaders(request.headers, spec.status),
        withServer(spec.headers),
        spec.body ?? '',
      );
    } catch (error) {
      // The handler's answer cannot be printed (a control character in its headers): 500 instead.
      logger.error('SIP request handler answered with an unprintable response', { error });
      bytes = printAnswer(500, reasonPhrase(500), copiedHeaders(request.headers, 500), server);
    }
    counters.answered();
    const sentBy = spec.responsePort === 'sent-by' ? sentByTarget(request) : undefined;
    if (sentBy) transaction.redirect(sentBy);
    await transaction.respond(spec.status, bytes);
  }

  const events: InboundEvents = {
    framingError(error, source) {
      counters.received();
      if (error.head) counters.parsed();
      const read = error.head ? readMessage(error.head, source, { stream: true }) : undefined;
      const routable = read && (read.ok ? read.message.kind === 'request' : read.status !== undefined);
      if (!read || !routable) return void counters.dropped(error.code);
      const status = error.code === SipInbound.TooLarge ? 413 : 400;
      const echo = read.ok ? copiedHeaders(read.message.headers, status) : read.echo;
      counters.answered(error.code);
      return printAnswer(status, `${reasonPhrase(status)} (${error.reason})`, echo, server);
    },
    connectionRefused: () => counters.noted(SipInbound.ConnectionRefused),
    idleClosed: () => counters.noted(SipInbound.IdleClosed),
    contained: contain,
  };

  return { onDatagram, events, contain };
}
