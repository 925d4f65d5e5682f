import {
  type InboundDisposition,
  type InboundMessage,
  Reason,
  silentLogger,
  type TechCloseOptions,
  type TechHost,
  type TechSendContext,
  type TechSendOutcome,
} from '@messagesend/core';
import type { DigestCredentials } from '../mechanics/auth/digest.js';
import { newBranch } from '../mechanics/ids.js';
import type { SendRequestOptions } from '../mechanics/send/send-types.js';
import { isWildcard, type TransportSpec, wildcardSendHost } from '../mechanics/stack/bind-transports.js';
import type { ResponseSpec } from '../mechanics/stack/request-handler.js';
import type { SipStack } from '../mechanics/stack/stack.js';
import type { BoundAddress } from '../mechanics/transport/transport.js';
import { formatVia } from '../mechanics/via.js';
import type { IncomingRequest, OutgoingRequest, TransportProtocol } from '../mechanics/wire/message.js';
import { printRequest } from '../mechanics/wire/print.js';
import { withExtraCa } from './extra-ca.js';
import { answerOtherMethods, withServerHeader } from './inbound-answers.js';
import { lazyStack, stackStartTimedOut } from './lazy-stack.js';
import type { SipTechOptions } from './sip-tech-options.js';
import { TECH_OUTCOME } from './tech-outcome.js';

/** Hands an inbound message to the router (`not-found` before the technology is attached). */
export type Deliver = (message: Omit<InboundMessage, 'tech'>) => Promise<InboundDisposition>;

export interface SipTechRuntimeOptions
  extends Pick<
    SipTechOptions,
    'logger' | 'resolver' | 'timers' | 'limits' | 'closeGraceMs' | 'trace' | 'ca'
  > {
  /** The technology's name, for the closed refusal's detail. */
  name: string;
  /** The transports to bind on first use. */
  transports: TransportSpec[];
  /** Answers an inbound MESSAGE or REGISTER (OPTIONS and other methods are answered here). */
  answer(request: IncomingRequest, deliver: Deliver): Promise<ResponseSpec> | ResponseSpec;
  /** `Server` header value for the technology's responses (none when unset). */
  serverHeader?: string;
}

/** Where a send goes out from: the running stack, or none for a dry run. */
export type StackForSend =
  | { ok: true; stack: SipStack | undefined; local: BoundAddress }
  | { ok: false; outcome: TechSendOutcome };

export interface DispatchOptions {
  credentials: DigestCredentials[];
  maxAuthAttempts: number;
  /** The one protocol to send over (an endpoint's or peer's transport). */
  protocol?: TransportProtocol;
}

/**
 * What a SIP technology shares with every other: a stack started on first use, the host and
 * logger from attach, start/addresses/close and the closed flag, the address a dry run shows,
 * the dry-run preview, and the send handed to the stack with its outcome mapped for the router.
 */
export interface SipTechRuntime {
  attach(host: TechHost): void;
  start(): Promise<void>;
  /** The bound SIP addresses once started. */
  addresses(): BoundAddress[];
  /** Refuses new sends; sends in flight get their final response within the grace bound. */
  close(options?: TechCloseOptions): Promise<void>;
  /** FAILURE `TECH_CLOSED` once closed, undefined before. */
  closedOutcome(): TechSendOutcome | undefined;
  /** The configured bind address of a protocol's transport (default UDP), used in dry runs. */
  configuredAddress(protocol: TransportProtocol | undefined): BoundAddress;
  /**
   * The stack to send with (started now if need be) and the local address to build the request
   * for; for a dry run no stack and the configured address. FAILURE `startFailedReason` when
   * the stack cannot start, SIP_TIMEOUT when the send's bound ends first; `warnings`, when
   * given, go with either.
   */
  stackFor(
    dryRun: boolean | undefined,
    context: TechSendContext,
    protocol: TransportProtocol | undefined,
    failure: { startFailedReason: string; warnings?: string[] },
  ): Promise<StackForSend>;
  /**
   * `use` with what stackFor gives: in the same turn when nothing needs to wait (a dry run, or the
   * stack is running: the hot path of a send takes no extra turn), else once the stack has started.
   */
  withStack<A, T>(
    dryRun: boolean | undefined,
    context: TechSendContext,
    protocol: TransportProtocol | undefined,
    failure: { startFailedReason: string; warnings?: string[] },
    use: (sending: StackForSend, arg: A, context: TechSendContext) => T | Promise<T>,
    /** Handed to `use` with the context: a technology passes its prepared send, and makes no closure per send. */
    arg: A,
  ): Promise<T>;
  /** The exact wire text of a request sent from `local` (dry runs and explain; nothing is bound; a port 0 is shown `*`). */
  preview(request: OutgoingRequest, local: BoundAddress): string;
  /** Sends on the stack within the router's bound and maps the handle to the technology's outcome. */
  dispatch(
    stack: SipStack,
    request: OutgoingRequest,
    options: DispatchOptions,
    context: TechSendContext,
    warnings: string[],
  ): Promise<TechSendOutcome>;
}

const sendHost = (host: string): string => (isWildcard(host) ? wildcardSendHost() : host);

/** The running stack's address for a protocol (default UDP), else its first. */
const localOf = (running: SipStack, protocol: TransportProtocol | undefined): BoundAddress | undefined =>
  running.address(protocol ?? 'udp') ?? running.addresses[0];

export function sipTechRuntime(options: SipTechRuntimeOptions): SipTechRuntime {
  let logger = options.logger ?? silentLogger;
  let host: TechHost | undefined;
  let closed = false;
  const deliver: Deliver = (message) => (host ? host.receive(message) : Promise.resolve('not-found'));
  const stack = lazyStack(() => ({
    transports: options.ca ? withExtraCa(options.transports, options.ca) : options.transports,
    logger,
    resolver: options.resolver,
    timers: options.timers,
    limits: options.limits,
    closeGraceMs: options.closeGraceMs,
    ...(options.trace ? { trace: options.trace } : {}),
    ...(options.serverHeader ? { serverHeader: options.serverHeader } : {}),
    // Started by a send, the stack holds the process only while sends are in flight; start()
    // (listening for REGISTER and MESSAGE) holds it until close().
    holdProcess: false,
    onRequest: async (request) =>
      withServerHeader(
        answerOtherMethods(request) ?? (await options.answer(request, deliver)),
        options.serverHeader,
      ),
  }));
  const configured = new Map(
    options.transports.map((spec) => [
      spec.protocol,
      {
        protocol: spec.protocol,
        // A wildcard bind is shown as the address a real send puts in Via and From, never 0.0.0.0.
        host: spec.publicAddress ?? sendHost(spec.host ?? '127.0.0.1'),
        port: spec.port ?? 5060,
      },
    ]),
  );
  const configuredAddress = (protocol: TransportProtocol | undefined): BoundAddress =>
    configured.get(protocol ?? 'udp') ?? configured.values().next().value!;

  /** What stackFor gives when nothing needs to wait (a dry run, or the stack is running); else undefined. */
  const readyStack = (
    dryRun: boolean | undefined,
    protocol: TransportProtocol | undefined,
  ): StackForSend | undefined => {
    if (dryRun) return { ok: true, stack: undefined, local: configuredAddress(protocol) };
    const running = stack.current;
    if (!running) return undefined;
    return runningFor(running, protocol);
  };
  // What a send from the running stack gets is the same for every send over a protocol: made once
  // per stack and protocol, not per send.
  let readyOn: SipStack | undefined;
  const readyByProtocol = new Map<TransportProtocol | undefined, StackForSend>();
  const runningFor = (running: SipStack, protocol: TransportProtocol | undefined): StackForSend => {
    if (readyOn !== running) {
      readyByProtocol.clear();
      readyOn = running;
    }
    let ready = readyByProtocol.get(protocol);
    if (!ready) {
      ready = { ok: true, stack: running, local: localOf(running, protocol) ?? configuredAddress(protocol) };
      readyByProtocol.set(protocol, ready);
    }
    return ready;
  };

  const stackFor: SipTechRuntime['stackFor'] = async (dryRun, context, protocol, failure) => {
    const ready = readyStack(dryRun, protocol);
    if (ready) return ready;
    const extra = failure.warnings ? { warnings: failure.warnings } : {};
    let running: SipStack | undefined;
    try {
      running = await stack.getBefore(context.deadline?.signal);
    } catch (error) {
      const detail = (error as Error).message;
      return {
        ok: false,
        outcome: { status: 'FAILURE', reason: failure.startFailedReason, detail, ...extra },
      };
    }
    if (!running) return { ok: false, outcome: { ...stackStartTimedOut(context.timeoutMs), ...extra } };
    return runningFor(running, protocol);
  };

  return {
    attach(h) {
      host = h;
      logger = options.logger ?? h.logger;
    },
    async start() {
      (await stack.get()).holdProcess(true);
    },
    addresses: () => [...(stack.current?.addresses ?? [])],
    async close(closeOptions) {
      closed = true;
      // Sends in flight get their final response within the grace bound before sockets close.
      await stack.close(closeOptions);
    },
    closedOutcome: () =>
      closed
        ? { status: 'FAILURE', reason: Reason.TechClosed, detail: `${options.name} is closed` }
        : undefined,
    configuredAddress,
    stackFor,
    withStack(dryRun, context, protocol, failure, use, arg) {
      const ready = readyStack(dryRun, protocol);
      if (ready) return Promise.resolve(use(ready, arg, context));
      return stackFor(dryRun, context, protocol, failure).then((sending) => use(sending, arg, context));
    },
    preview: (request, local) => {
      const via = formatVia(local.protocol, local.host, local.port, newBranch());
      // bind=host:0: the OS picks the port when the transport binds, which a dry run does not do.
      // `*` says so; `:0` would be a port no request ever carries.
      return printRequest(request, local.port === 0 ? via.replace(/:0;/, ':*;') : via).toString('utf8');
    },
    dispatch(running, request, dispatchOptions, context, warnings) {
      // One literal with every field (undefined when unused): one object per send on the hot path,
      // and one shape, so no field added afterwards moves its properties out of the object.
      const sendOptions: SendRequestOptions = {
        credentials: dispatchOptions.credentials,
        maxAuthAttempts: dispatchOptions.maxAuthAttempts,
        timeoutMs: context.timeoutMs,
        // The router's deadline: one timer decides the timeout, so its report always says SIP_TIMEOUT.
        deadline: context.deadline,
        protocol: dispatchOptions.protocol,
        signal: context.signal,
      };
      // The stack makes the outcome and its report itself (TECH_OUTCOME): no then() of ours per send.
      return running.sendMapped(request, sendOptions, TECH_OUTCOME, warnings).dispatched;
    },
  };
}
