import { CallbackList, type Logger, silentLogger, toLogger } from '@messagesend/core';
import type { DnsResolver } from '../dns/locate.js';
import { DEFAULT_LIMITS, type InboundLimits } from '../inbound/limits.js';
import { InboundCounters, type InboundStats } from '../inbound/stats.js';
import { sendRequest, UNMAPPED } from '../send/send-request.js';
import { closedSend, createSendTracker, DEFAULT_STACK_CLOSE_GRACE_MS } from '../send/send-tracker.js';
import type {
  MappedSend,
  SendHandle,
  SendMapping,
  SendRequestOptions,
  StackContext,
} from '../send/send-types.js';
import { ClientTransactions } from '../transaction/client-registry.js';
import { Pacer, type PacingOptions } from '../transaction/pacing.js';
import type { ServerTransaction } from '../transaction/server.js';
import { DEFAULT_TIMERS, type SipTimers } from '../transaction/timers.js';
import type { BoundAddress, SocketBuffers, Transport } from '../transport/transport.js';
import { DEFAULT_UDP_BUFFER_BYTES } from '../transport/udp.js';
import type { WireTrace } from '../transport/wire-trace.js';
import type { OutgoingRequest, TransportProtocol } from '../wire/message.js';
import { bindTransports, type TransportSpec } from './bind-transports.js';
import { createInboundDispatch } from './inbound-dispatch.js';
import type { RequestHandler } from './request-handler.js';
import { createWorkHold } from './work-hold.js';

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
  /**
   * UDP socket buffer sizes to ask the kernel for (default 4 MiB each). Linux grants at most
   * net.core.rmem_max / wmem_max (doubled); a smaller grant is logged as a warning.
   */
  udpBuffers?: Partial<SocketBuffers>;
  /**
   * Per-destination pacing of UDP client transactions: an adaptive window of requests in flight,
   * the rest queued in order within their deadline. `false` turns it off.
   */
  pacing?: PacingOptions | false;
  /**
   * Whether the stack keeps the Node.js process alive while it is open (default true: a server
   * that listens). With false, only work in flight does (a request waiting for its response), so
   * a script that sends and forgets close() still exits once every send has settled.
   */
  holdProcess?: boolean;
  /** Called with every SIP message read or written, both directions (`messagesend --trace`); absent, no cost. */
  trace?: WireTrace;
  /**
   * `Server` header of the responses the stack answers by itself (400 and 413 refusals, 503
   * overload or closing, 501 without a handler, 500 for a failed handler); none when unset.
   */
  serverHeader?: string;
}

export interface SipStack {
  /** Every bound transport, with the port actually bound. */
  readonly addresses: readonly BoundAddress[];
  /** The bound address of a protocol (host as printed in Via). */
  address(protocol: TransportProtocol): BoundAddress | undefined;
  setRequestHandler(handler: RequestHandler | undefined): void;
  /** Sends an out-of-dialog request as a non-INVITE client transaction. Never throws for network problems. */
  send(request: OutgoingRequest, options?: SendRequestOptions): SendHandle;
  /**
   * send() with its dispatch and outcome made into the caller's own values by `mapping`, given
   * `state`, in the stack's own steps: a technology's outcome for the router with no then() of its
   * own per send (see SendMapping).
   */
  sendMapped<D, O, S>(
    request: OutgoingRequest,
    options: SendRequestOptions,
    mapping: SendMapping<D, O, S>,
    state: S,
  ): MappedSend<D, O>;
  /** Inbound counters: messages received, answered, dropped, and why. */
  stats(): InboundStats;
  /** Turns SipStackOptions.holdProcess on or off (a technology that starts listening turns it on). */
  holdProcess(hold: boolean): void;
  readonly closed: boolean;
  /** Present only when a logger was given: debug lines (registrations use it). */
  readonly debug?: (message: string, fields: Record<string, unknown>) => void;
  /**
   * Refuses new sends, lets those in flight finish within `graceMs` (default `closeGraceMs`), settles
   * the rest as StackClosed (delivery `error` if written, `not-sent` if not), closes every socket. Idempotent.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Binds the transports and starts a SIP stack. Rejects with ERR_MSG_SIP_BIND_FAILED when a port is taken. */
export async function startSipStack(options: SipStackOptions = {}): Promise<SipStack> {
  const logger = toLogger(options.logger);
  const timers: SipTimers = { ...DEFAULT_TIMERS, ...options.timers };
  const specs = options.transports ?? [{ protocol: 'udp' }];
  const transports = new Map<TransportProtocol, Transport>();
  // One sweep for every completed transaction's Timer K, not a timer each.
  const clients = new ClientTransactions(Math.max(10, Math.min(1000, timers.t4 / 4)));
  const servers = new Map<string, ServerTransaction>();
  const closeController = new AbortController();
  // The cancel functions of work in flight (transactions, DNS waits), so close() can end them: a
  // CallbackList, not a Set (see there why).
  const inflight = new CallbackList();
  const outbound = createSendTracker();
  const workHold = createWorkHold();
  let handler = options.onRequest;
  let closing: Promise<void> | undefined;
  const limits: InboundLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const counters = new InboundCounters();
  const inbound = createInboundDispatch({
    transports,
    clients,
    servers,
    timers,
    limits,
    counters,
    logger,
    handlerTimeoutMs: options.handlerTimeoutMs ?? 10_000,
    handler: () => handler,
    closing: () => closing !== undefined,
    ...(options.serverHeader ? { serverHeader: options.serverHeader } : {}),
  });

  const udpBuffers = {
    receiveBytes: options.udpBuffers?.receiveBytes ?? DEFAULT_UDP_BUFFER_BYTES,
    sendBytes: options.udpBuffers?.sendBytes ?? DEFAULT_UDP_BUFFER_BYTES,
  };
  // A retransmission halves a window at most once per T1: one loss burst is one signal.
  const pacer = options.pacing === false ? undefined : new Pacer(options.pacing ?? {}, timers.t1);
  await bindTransports(
    specs,
    transports,
    limits,
    inbound,
    {
      buffers: udpBuffers,
      ...(pacer ? { pacer } : {}),
    },
    options.trace,
  );
  warnOnSmallBuffers(transports.get('udp')?.bound, udpBuffers, logger);

  const context: StackContext = {
    transports,
    // Building log fields per send costs: only when a logger was given.
    ...(logger !== silentLogger
      ? { debug: (message: string, fields: Record<string, unknown>) => logger.debug(message, fields) }
      : {}),
    timers,
    resolver: options.resolver,
    closeSignal: closeController.signal,
    track: (cancel) => inflight.add(cancel),
    untrack: (tracked) => inflight.remove(tracked),
    // The returned entry's stop() takes Timer K's linger (see runClientTransaction).
    listen: (branch, method, onResponse) => clients.listen(branch, method, onResponse),
  };

  const sendEnded = (): void => {
    outbound.end();
    if (outbound.size === 0) workHold.set(false);
  };
  function sendMapped<D, O, S>(
    request: OutgoingRequest,
    sendOptions: SendRequestOptions,
    mapping: SendMapping<D, O, S>,
    state: S,
  ): MappedSend<D, O> {
    if (!outbound.begin()) return closedSend(mapping, state);
    workHold.set(true);
    return sendRequest(context, request, sendOptions, mapping, state, sendEnded);
  }

  // The sockets are unref'd; this one ref'd handle is what keeps a listening process up.
  let holder: ReturnType<typeof setInterval> | undefined;
  const holdProcess = (hold: boolean): void => {
    if (hold && !holder && closing === undefined) holder = setInterval(() => {}, 1 << 30);
    if (!hold && holder) {
      clearInterval(holder);
      holder = undefined;
    }
  };
  holdProcess(options.holdProcess !== false);

  return {
    addresses: [...transports.values()].map((t) => t.bound),
    holdProcess,
    ...(context.debug ? { debug: context.debug } : {}),
    address: (protocol) => transports.get(protocol)?.bound,
    setRequestHandler(next) {
      handler = next;
    },
    send(request, sendOptions = {}) {
      return sendMapped(request, sendOptions, UNMAPPED, undefined);
    },
    sendMapped,
    stats: () => counters.snapshot(),
    get closed() {
      return closing !== undefined;
    },
    close(closeOptions) {
      closing ??= (async () => {
        holdProcess(false);
        await outbound.drain(closeOptions?.graceMs ?? options.closeGraceMs ?? DEFAULT_STACK_CLOSE_GRACE_MS);
        closeController.abort();
        // Newest first: a paced send still queued ends before an older one frees its place, so
        // nothing queued is started on a closing socket.
        for (const cancel of inflight
          .nodes()
          .map((node) => node.callback!)
          .reverse())
          cancel();
        await Promise.all([...transports.values()].map((t) => t.close()));
        clients.clear();
        servers.clear();
      })();
      return closing;
    },
  };
}

/** Logs a warning when the kernel granted less buffer than asked (raise net.core.rmem_max). */
function warnOnSmallBuffers(bound: BoundAddress | undefined, wanted: SocketBuffers, logger: Logger): void {
  const granted = bound?.buffers;
  if (!granted) return;
  if (granted.receiveBytes >= wanted.receiveBytes && granted.sendBytes >= wanted.sendBytes) return;
  logger.warn('the kernel granted smaller UDP socket buffers than asked; bursts may be dropped', {
    port: bound.port,
    askedReceiveBytes: wanted.receiveBytes,
    grantedReceiveBytes: granted.receiveBytes,
    askedSendBytes: wanted.sendBytes,
    grantedSendBytes: granted.sendBytes,
    hint: 'raise net.core.rmem_max and net.core.wmem_max (sysctl), or lower udpBuffers',
  });
}
