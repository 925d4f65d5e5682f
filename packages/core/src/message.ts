import type { SendStatus } from './status.js';

/** The fields of Asterisk's MESSAGE() function. `data` is MESSAGE_DATA: custom headers where supported. */
export interface Message {
  body: string;
  from?: string;
  to?: string;
  contentType?: string;
  data?: Record<string, string>;
  /** The message's identity on the wire (SIP Call-ID, XMPP stanza id), so a resend can be recognised. */
  id?: string;
}

/** MessageSend's second and third arguments, plus how to run the send. */
export interface SendOptions {
  /** MessageSend's `from` argument: overrides `message.from`, per technology rules. */
  from?: string;
  /** MessageSend's `to` argument: overrides `message.to`, per technology rules. */
  to?: string;
  /** Build the request and return it in `preview`; never binds a socket, connects or queries DNS. */
  dryRun?: boolean;
  /** Wait for the delivery report; a non-delivered outcome then makes the status FAILURE. */
  waitForDelivery?: boolean;
  /** Bound for the send and for its delivery report (default 32 000 ms, SIP's Timer F). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type DeliveryOutcome = 'delivered' | 'rejected' | 'timeout' | 'error' | 'not-sent';

/** What finally happened to a sent message. Always settles within the timeout; never rejects. */
export interface DeliveryReport {
  outcome: DeliveryOutcome;
  /** Protocol detail: a SIP status code, an XMPP error condition, a reason code. */
  code?: number | string;
  detail?: string;
  elapsedMs: number;
}

export interface SendResult {
  status: SendStatus;
  tech?: string;
  /** Stable code when the status is not SUCCESS (see docs/errors.md). */
  reason?: string;
  detail?: string;
  warnings: string[];
  /** Dry run only: the exact wire text that would be sent. */
  preview?: string;
  delivery: Promise<DeliveryReport>;
}

/** A message a technology received, handed to `router.onMessage` handlers. */
export interface InboundMessage extends Message {
  /** Name of the technology that received it. */
  tech: string;
  /** The configured endpoint, peer or account it came from or arrived on, when known. */
  endpoint?: string;
  /** A destination that `router.send` accepts to reply to the sender. */
  destination: string;
}

/**
 * What an inbound handler decides: `false` declines (the technology answers "not found");
 * anything else, including `undefined`, accepts.
 */
export type InboundHandler = (message: InboundMessage) => boolean | undefined | Promise<boolean | undefined>;

/** The router's answer to a technology that hands it an inbound message. */
export type InboundDisposition = 'accepted' | 'not-found' | 'error';
