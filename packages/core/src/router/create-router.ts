import { type Logger, toLogger } from '../logger.js';
import type { InboundHandler, Message, SendOptions, SendResult } from '../message.js';
import { createStopper } from '../stopper.js';
import type { AnyMessageTech, MessageTech, TechHost } from '../tech.js';
import { drainAndClose } from './close.js';
import { dispatch } from './dispatch.js';
import { createInbound } from './inbound.js';
import { markReceived } from './received.js';
import { createSendsInFlight } from './sends-in-flight.js';
import { createTechTable } from './tech-table.js';

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
  const inflight = createSendsInFlight();
  /** Aborted once every technology is closed: whatever is still pending settles then. */
  const stopped = createStopper();
  let closing: Promise<void> | undefined;
  const isClosing = (): boolean => closing !== undefined;

  const host = (name: string): TechHost => ({
    logger,
    // Object.assign, not a spread: on Node 20 a spread of a just-made object in optimized code
    // gives each copy a hidden class of its own, and every handler reading messages goes megamorphic.
    receive: (message) => inbound.dispatch(markReceived(Object.assign({}, message, { tech: name }))),
  });
  const techs = createTechTable(host, isClosing);
  const inbound = createInbound(logger, isClosing);
  const context = {
    techs,
    logger,
    defaultTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    inflight,
    stopped,
    isClosing,
  };

  const router: Router = {
    register: techs.register,
    unregister: techs.unregister,
    get: techs.get,
    names: techs.names,
    onMessage: inbound.onMessage,
    async start() {
      await Promise.all(techs.all().map((tech) => tech.start?.()));
    },
    close(closeOptions) {
      closing ??= drainAndClose(
        closeOptions?.graceMs ?? options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
        inflight,
        techs.all,
        stopped,
        logger,
      );
      return closing;
    },
    send: (destination, message, sendOptions) => dispatch(context, destination, message, sendOptions ?? {}),
  };

  for (const tech of options.techs ?? []) router.register(tech);
  return Object.freeze(router);
}
