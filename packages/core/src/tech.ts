import type { SendDeadline } from './deadline.js';
import type { Logger } from './logger.js';
import type { DeliveryReport, InboundDisposition, InboundMessage, Message } from './message.js';
import type { Outcome } from './outcome.js';
import type { ParseResult } from './parse-result.js';

/** The contract version this core implements. A technology declares the one it was written for. */
export const TECH_API_VERSION = 1;

/** A technology's name: lower case, starts with a letter; letters, digits, `-`, `_`, `.`, `+`. */
export const TECH_NAME_PATTERN = /^[a-z][a-z0-9+._-]*$/;

/** What the router hands a technology when it is registered. */
export interface TechHost {
  readonly logger: Logger;
  /** Hand a received message to the router's handlers; resolves to what to answer the sender. */
  receive(message: Omit<InboundMessage, 'tech'>): Promise<InboundDisposition>;
}

/** One send as the technology sees it. */
export interface TechSendRequest<Target> {
  /** The full destination, prefix included (for `sip:` the prefix is also the URI scheme). */
  destination: string;
  /** What `parse(destination)` returned. */
  target: Target;
  message: Message;
  /** MessageSend's `from` argument (not `message.from`: which wins is the technology's rule). */
  from?: string;
  /** MessageSend's `to` argument. */
  to?: string;
  dryRun: boolean;
}

export interface TechSendContext {
  /** The caller's abort signal; without one, a shared signal that never aborts and keeps no listeners. */
  signal: AbortSignal;
  /** The whole bound for this send; the delivery report must settle within it. */
  timeoutMs: number;
  /**
   * The same bound as one shared deadline (set by the router). A technology that ends its send on
   * `deadline.signal` owns the timeout report (its code is kept); the router's own fallback
   * (`TECH_TIMEOUT`) only answers for a technology that does not.
   */
  deadline?: SendDeadline;
  logger: Logger;
}

export interface TechCloseOptions {
  /** How long close may wait for sends in flight to finish before it settles them (the router passes what is left of its own bound). */
  graceMs?: number;
}

/** What a technology's `send` resolves to. */
export interface TechSendOutcome {
  status: 'SUCCESS' | 'FAILURE';
  /** Stable reason code, required when FAILURE. */
  reason?: string;
  detail?: string;
  warnings?: string[];
  /** Dry run: the exact wire text. */
  preview?: string;
  /**
   * The final outcome. The router bounds it with the timeout and turns a rejection into
   * `error`, so a technology may simply return the transaction's promise. Omitted on SUCCESS
   * means the technology has no delivery feedback: the report then says `delivered`.
   */
  delivery?: Promise<Omit<DeliveryReport, 'elapsedMs'> & { elapsedMs?: number }>;
}

/**
 * What `explain()` is asked about: MessageSend's `from` and `to` arguments (which of them and of
 * the message's own fields wins is the technology's rule, as in `send`) and the message's content
 * (an absent `body` is the empty body).
 */
export interface TechExplainInput {
  /** MessageSend's `from` argument. */
  from?: string;
  /** MessageSend's `to` argument. */
  to?: string;
  body?: string;
  contentType?: string;
  data?: Record<string, string>;
}

/**
 * What a technology would send for a destination, worked out without sending anything (the
 * CLI's `verify`). `preview` is the text a dry run of the same send previews; the other fields are
 * read from the same prepared request, never from the preview text.
 */
export interface Explanation {
  /** Which destination form matched (the technology's own names). */
  form: string;
  /** The configured endpoint or peer the destination leads to, if any. */
  endpoint?: string;
  /** Where the address came from (a contact, the URI in the destination). */
  via?: string;
  /** SIP: the Request-URI. */
  requestUri?: string;
  /** SIP: the From header's value. */
  from?: string;
  /** SIP: the To header's value. */
  to?: string;
  /** XMPP: the stanza. */
  stanza?: string;
  /** What the send would warn about (an ignored argument). */
  warnings?: string[];
  /** The wire text, as a dry run previews it. */
  preview: string;
}

/**
 * `explain()`'s result: the explanation, or why the send would fail (`reason` a stable code,
 * the one a dry run reports; never a status name).
 */
export type ExplainOutcome<E extends Explanation = Explanation> = Outcome<E, string>;

/** What a technology (a plugin) implements. See docs/writing-a-technology.md. */
export interface MessageTech<Target = unknown> {
  /** The destination prefix, without `:`. Matches TECH_NAME_PATTERN. */
  readonly name: string;
  /** The contract version the technology implements: TECH_API_VERSION. */
  readonly apiVersion: number;
  /** Example destinations, used by the compliance kit and by documentation. */
  readonly examples?: { readonly valid: readonly string[]; readonly invalid: readonly string[] };
  /** Pure, synchronous, never throws: `ok: false` makes the status INVALID_URI. */
  parse(destination: string): ParseResult<Target>;
  /** A destination string for `target`; with `redact`, secrets are masked. */
  format?(target: Target, options?: { redact?: boolean }): string;
  /** Resolves with SUCCESS or FAILURE. Never rejects for a failed send (a throw is a bug: TECH_THREW). */
  send(request: TechSendRequest<Target>, context: TechSendContext): Promise<TechSendOutcome>;
  /**
   * Optional: what a send to `destination` would put on the wire, without sending, binding or
   * connecting. Pure and synchronous like `parse`; agrees with a dry run of the same send.
   */
  explain?(destination: string, input?: TechExplainInput): ExplainOutcome;
  /** Called once when registered: where to hand inbound messages. */
  attach?(host: TechHost): void;
  /** Eager start (listen, connect). Optional: sends must work without it. */
  start?(): Promise<void>;
  /**
   * Release every socket, timer and connection. Idempotent. A send after close is FAILURE. Sends
   * already accepted are finished (or reported as not sent) within `graceMs`, never dropped silently.
   */
  close?(options?: TechCloseOptions): Promise<void>;
}

/**
 * Any technology, whatever its target type. The target is private to the technology (the router
 * only hands parse()'s value back to send()), so the router must accept every instantiation.
 */
// biome-ignore lint/suspicious/noExplicitAny: MessageTech<T> is invariant in T; see above.
export type AnyMessageTech = MessageTech<any>;

/** Identity helper that lets TypeScript infer a technology's target type. */
export function defineTech<Target>(tech: MessageTech<Target>): MessageTech<Target> {
  return tech;
}
