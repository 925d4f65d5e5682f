import { assertRegistrable } from './assert-registrable.js';
import {
  createDeadline,
  createStopper,
  onAbort,
  type SendDeadline,
  type Stopper,
  settleWithin,
} from './deadline.js';
import { splitDestination } from './destination.js';
import { ErrorCode, MsgError } from './errors.js';
import { createInflight } from './inflight.js';
import { type Logger, toLogger } from './logger.js';
import type {
  DeliveryReport,
  InboundDisposition,
  InboundHandler,
  InboundMessage,
  Message,
  SendOptions,
  SendResult,
} from './message.js';
import { Reason } from './reasons.js';
import { SendStatus } from './status.js';
import type { AnyMessageTech, MessageTech, TechHost, TechSendOutcome } from './tech.js';
import { messageProblem, optionsProblem } from './validate-message.js';

/** SIP's Timer F: the longest a non-INVITE transaction may take. */
export const DEFAULT_TIMEOUT_MS = 32_000;

/** How long close() lets accepted sends finish (their final response) before it settles them. */
export const DEFAULT_CLOSE_GRACE_MS = 2_000;

export interface RouterOptions {
  techs?: readonly AnyMessageTech[];
  logger?: Logger;
  /** Default bound for sends and delivery reports. */
  timeoutMs?: number;
  /** Default bound for close() to let accepted sends finish (default 2 s). */
  closeGraceMs?: number;
}

export interface CloseOptions {
  /** How long close() lets accepted sends finish (their delivery reports) before settling them. */
  graceMs?: number;
}

export interface Router {
  register(tech: AnyMessageTech): () => void;
  unregister(name: string): boolean;
  get(name: string): MessageTech<unknown> | undefined;
  names(): string[];
  send(destination: string, message: Message, options?: SendOptions): Promise<SendResult>;
  /** Subscribe to inbound messages; returns an unsubscribe function. */
  onMessage(handler: InboundHandler): () => void;
  /** Start every registered technology that has a start() (listeners, eager connections). */
  start(): Promise<void>;
  /**
   * Refuses new sends (FAILURE ROUTER_CLOSED), lets the accepted ones finish within `graceMs`
   * (default 2 s), then closes every technology. What is still unsettled is reported, never
   * dropped: a send without a status is FAILURE ROUTER_CLOSED, a pending delivery report settles
   * as `error` with code ROUTER_CLOSED. Idempotent.
   */
  close(options?: CloseOptions): Promise<void>;
}

export function createRouter(options: RouterOptions = {}): Router {
  const logger = toLogger(options.logger);
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const techs = new Map<string, MessageTech<unknown>>();
  const handlers: InboundHandler[] = [];
  const inflight = createInflight();
  /** Aborted once every technology is closed: whatever is still pending settles then. */
  const stopped = createStopper();
  let closing: Promise<void> | undefined;

  const host = (name: string): TechHost => ({
    logger,
    receive: (message) => dispatchInbound({ ...message, tech: name }),
  });

  async function dispatchInbound(message: InboundMessage): Promise<InboundDisposition> {
    if (closing) return 'not-found';
    let threw = false;
    for (const handler of [...handlers]) {
      try {
        if ((await handler(message)) !== false) return 'accepted';
      } catch (error) {
        threw = true;
        logger.error('inbound message handler threw', { tech: message.tech, error });
      }
    }
    return threw ? 'error' : 'not-found';
  }

  const router: Router = {
    register(tech) {
      if (closing) throw new MsgError(ErrorCode.RouterClosed, 'cannot register on a closed router');
      assertRegistrable(tech);
      if (techs.has(tech.name)) {
        throw new MsgError(
          ErrorCode.TechDuplicate,
          `a technology named "${tech.name}" is already registered`,
        );
      }
      techs.set(tech.name, tech);
      tech.attach?.(host(tech.name));
      return () => {
        if (techs.get(tech.name) === tech) techs.delete(tech.name);
      };
    },
    unregister: (name) => techs.delete(String(name).toLowerCase()),
    get: (name) => techs.get(String(name).toLowerCase()),
    names: () => [...techs.keys()],
    onMessage(handler) {
      if (typeof handler !== 'function') {
        throw new MsgError(ErrorCode.InvalidArgument, 'onMessage needs a handler function');
      }
      handlers.push(handler);
      return () => {
        const at = handlers.indexOf(handler);
        if (at >= 0) handlers.splice(at, 1);
      };
    },
    async start() {
      await Promise.all([...techs.values()].map((tech) => tech.start?.()));
    },
    close(closeOptions) {
      closing ??= (async () => {
        const graceMs = closeOptions?.graceMs ?? options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
        const until = performance.now() + graceMs;
        await inflight.drain(graceMs);
        const left = Math.max(0, until - performance.now());
        const results = await Promise.allSettled(
          [...techs.values()].map((tech) => tech.close?.({ graceMs: left })),
        );
        for (const result of results) {
          if (result.status === 'rejected') logger.error('technology close failed', { error: result.reason });
        }
        stopped.stop();
      })();
      return closing;
    },
    send: (destination, message, sendOptions) => send(destination, message, sendOptions ?? {}),
  };

  async function send(destination: string, message: Message, opts: SendOptions): Promise<SendResult> {
    const started = performance.now();
    if (closing) return refused(SendStatus.Failure, Reason.RouterClosed, 'the router is closed', started);
    const split = splitDestination(destination);
    if (split === undefined) {
      return refused(SendStatus.InvalidUri, Reason.EmptyDestination, 'the destination is empty', started);
    }
    const tech = techs.get(split.tech);
    if (tech === undefined) {
      const detail = `no technology "${split.tech}" is registered (registered: ${[...techs.keys()].join(', ') || 'none'})`;
      return refused(SendStatus.InvalidProtocol, Reason.UnknownTech, detail, started);
    }
    const problem = messageProblem(message) ?? optionsProblem(opts);
    if (problem !== undefined)
      return refused(SendStatus.Failure, Reason.InvalidMessage, problem, started, tech);
    if (opts.signal?.aborted)
      return refused(SendStatus.Failure, Reason.Aborted, 'aborted before sending', started, tech);

    let target: ReturnType<typeof tech.parse>;
    try {
      target = tech.parse(destination);
    } catch (error) {
      return refused(
        SendStatus.Failure,
        Reason.TechThrew,
        `parse() threw: ${describe(error)}`,
        started,
        tech,
      );
    }
    if (!target.ok) {
      const detail = `${target.error.message} (at offset ${target.error.offset})`;
      return refused(SendStatus.InvalidUri, Reason.DestinationUnparsable, detail, started, tech);
    }

    const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
    const dryRun = opts.dryRun === true;
    const deadline = createDeadline(timeoutMs, started);
    const pending = runTechSend(tech, deadline, timeoutMs, opts.signal, stopped, () =>
      tech.send(
        { destination, target: target.value, message, from: opts.from, to: opts.to, dryRun },
        // A signal of its own per send: one shared never-aborted signal would collect a listener
        // from every send in flight and trip Node's listener-leak warning.
        { signal: opts.signal ?? new AbortController().signal, timeoutMs, deadline, logger },
      ),
    ).then((outcome) => toResult(tech, outcome, dryRun, started, deadline, timeoutMs, stopped));
    // close() waits for this send's status and report; the deadline's timer ends with the report.
    inflight.add(pending.then((settled) => settled.delivery).finally(() => deadline.dispose()));
    const result = await pending;
    if (opts.waitForDelivery !== true || result.status !== SendStatus.Success || dryRun) return result;
    const report = await result.delivery;
    if (report.outcome === 'delivered') return result;
    return { ...result, status: SendStatus.Failure, reason: deliveryReason(report), detail: report.detail };
  }

  for (const tech of options.techs ?? []) router.register(tech);
  return Object.freeze(router);
}

function runTechSend(
  tech: MessageTech<unknown>,
  deadline: SendDeadline,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stopped: Stopper,
  call: () => Promise<TechSendOutcome>,
): Promise<TechSendOutcome> {
  let pending: Promise<TechSendOutcome>;
  try {
    pending = Promise.resolve(call());
  } catch (error) {
    return Promise.resolve(failure(Reason.TechThrew, `${tech.name} send() threw: ${describe(error)}`));
  }
  const bounded = settleWithin(
    pending,
    deadline,
    {
      map: (outcome) => outcome,
      onExpiry: () =>
        failure(Reason.TechTimeout, `${tech.name} send() did not finish within ${timeoutMs} ms`),
      onReject: (error) => failure(Reason.TechThrew, `${tech.name} send() threw: ${describe(error)}`),
      onStop: () => failure(Reason.RouterClosed, `the router closed before ${tech.name} send() finished`),
    },
    stopped,
  );
  if (signal === undefined) return bounded;
  return new Promise((resolve) => {
    const detach = onAbort(signal, () => resolve(failure(Reason.Aborted, 'aborted while sending')));
    bounded.then((outcome) => {
      detach();
      resolve(outcome);
    });
  });
}

function toResult(
  tech: MessageTech<unknown>,
  outcome: TechSendOutcome,
  dryRun: boolean,
  started: number,
  deadline: SendDeadline,
  timeoutMs: number,
  stopped: Stopper,
): SendResult {
  const valid =
    typeof outcome === 'object' &&
    outcome !== null &&
    (outcome.status === SendStatus.Success || outcome.status === SendStatus.Failure);
  if (!valid) {
    return refused(
      SendStatus.Failure,
      Reason.TechThrew,
      `${tech.name} send() returned no valid outcome`,
      started,
      tech,
    );
  }
  const warnings =
    Array.isArray(outcome.warnings) && outcome.warnings.length > 0 ? [...outcome.warnings] : [];
  if (outcome.status === SendStatus.Failure) {
    const reason = outcome.reason ?? 'UNSPECIFIED';
    return {
      status: SendStatus.Failure,
      tech: tech.name,
      reason,
      detail: outcome.detail,
      warnings,
      preview: outcome.preview,
      delivery: Promise.resolve(notSent(reason, outcome.detail, started)),
    };
  }
  const delivery = dryRun
    ? Promise.resolve(notSent('DRY_RUN', 'dry run: nothing was sent', started))
    : boundDelivery(outcome.delivery, started, deadline, timeoutMs, stopped);
  return {
    status: SendStatus.Success,
    tech: tech.name,
    warnings,
    preview: outcome.preview,
    detail: outcome.detail,
    delivery,
  };
}

function boundDelivery(
  delivery: TechSendOutcome['delivery'],
  started: number,
  deadline: SendDeadline,
  timeoutMs: number,
  stopped: Stopper,
): Promise<DeliveryReport> {
  if (delivery === undefined)
    return Promise.resolve({ outcome: 'delivered', elapsedMs: performance.now() - started });
  const elapsedMs = (): number => performance.now() - started;
  return settleWithin(
    Promise.resolve(delivery),
    deadline,
    {
      map: (report) => toReport(report, started),
      // Only for a technology that ignores the deadline: one that honours it reports first.
      onExpiry: (): DeliveryReport => ({
        outcome: 'timeout',
        code: Reason.TechTimeout,
        detail: `the technology gave no final outcome within ${timeoutMs} ms`,
        elapsedMs: elapsedMs(),
      }),
      onReject: (error): DeliveryReport => ({
        outcome: 'error',
        detail: describe(error),
        elapsedMs: elapsedMs(),
      }),
      onStop: (): DeliveryReport => ({
        outcome: 'error',
        code: Reason.RouterClosed,
        detail: 'sent, but the router closed before the technology reported the final outcome',
        elapsedMs: elapsedMs(),
      }),
    },
    stopped,
  );
}

const OUTCOMES = new Set(['delivered', 'rejected', 'timeout', 'error', 'not-sent']);

/** Copies a technology's report into a fresh, well-formed DeliveryReport. */
function toReport(
  report: Awaited<NonNullable<TechSendOutcome['delivery']>>,
  started: number,
): DeliveryReport {
  if (typeof report !== 'object' || report === null || !OUTCOMES.has(report.outcome)) {
    return {
      outcome: 'error',
      detail: 'the technology gave no valid delivery report',
      elapsedMs: performance.now() - started,
    };
  }
  const out: DeliveryReport = {
    outcome: report.outcome,
    elapsedMs: report.elapsedMs ?? performance.now() - started,
  };
  if (report.code !== undefined) out.code = report.code;
  if (report.detail !== undefined) out.detail = report.detail;
  return out;
}

function refused(
  status: SendResult['status'],
  reason: string,
  detail: string,
  started: number,
  tech?: MessageTech<unknown>,
): SendResult {
  return {
    status,
    ...(tech ? { tech: tech.name } : {}),
    reason,
    detail,
    warnings: [],
    delivery: Promise.resolve(notSent(reason, detail, started)),
  };
}

function notSent(code: string, detail: string | undefined, started: number): DeliveryReport {
  return { outcome: 'not-sent', code, detail, elapsedMs: performance.now() - started };
}

function failure(reason: string, detail: string): TechSendOutcome {
  return { status: SendStatus.Failure, reason, detail };
}

function deliveryReason(report: DeliveryReport): string {
  if (report.outcome === 'rejected') return Reason.DeliveryRejected;
  if (report.outcome === 'timeout') return Reason.DeliveryTimeout;
  return Reason.DeliveryError;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
