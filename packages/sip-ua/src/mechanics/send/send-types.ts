import type { CallbackNode, Outcome, SendDeadline } from '@messagesend/core';
import type { DigestCredentials } from '../auth/digest.js';
import type { DnsResolver } from '../dns/locate.js';
import type { SipReason } from '../errors.js';
import type { Listening } from '../transaction/client-registry.js';
import type { SipTimers } from '../transaction/timers.js';
import type { Transport } from '../transport/transport.js';
import type { Endpoint, IncomingResponse, TransportProtocol } from '../wire/message.js';

export interface SendRequestOptions {
  /** Send here instead of locating the Request-URI (or first Route) with DNS. */
  target?: Endpoint | Endpoint[];
  /** Use only this transport protocol (an endpoint's configured transport). */
  protocol?: TransportProtocol;
  /** Answer 401/407 challenges with these. */
  credentials?: DigestCredentials | DigestCredentials[];
  /** Challenges answered at most this many times in a row (default 3). */
  maxAuthAttempts?: number;
  /** Bound for the whole send: DNS, every target, every challenge (default 64×T1 = 32 s). */
  timeoutMs?: number;
  /** The send's one deadline, shared with the caller (the router's); when given, `timeoutMs` is not used. */
  deadline?: SendDeadline;
  signal?: AbortSignal;
}

export type SendOutcome =
  | { kind: 'response'; response: IncomingResponse; target: Endpoint }
  | { kind: 'timeout'; target?: Endpoint; detail: string }
  | {
      kind: 'failed';
      reason: (typeof SipReason)[keyof typeof SipReason];
      detail: string;
      /** True when the request had been written to a transport before it failed. */
      sent?: boolean;
    };

/** Whether the request was written to a transport (the OS took the bytes): SUCCESS. */
export type Dispatch = Outcome<
  { target: Endpoint; bytes: number },
  (typeof SipReason)[keyof typeof SipReason]
>;

export interface SendHandle {
  dispatched: Promise<Dispatch>;
  outcome: Promise<SendOutcome>;
}

/**
 * A send's dispatch and outcome turned into a caller's own values by the stack, in its own steps:
 * a technology's outcome for the router made with no then() of its own per send (two promises
 * and two turns fewer). `state` is what the caller handed to SipStack.sendMapped, so the mapping
 * can be one constant, not closures made per send. A mapping must not throw.
 */
export interface SendMapping<D, O, S> {
  /** The dispatch as the caller reports it; `outcome` is this send's mapped outcome. */
  dispatched(dispatch: Dispatch, outcome: Promise<O>, state: S): D;
  outcome(outcome: SendOutcome, state: S): O;
}

/** What SipStack.sendMapped gives: the mapped dispatch, settled once the request is first written, and the mapped outcome. */
export interface MappedSend<D, O> {
  dispatched: Promise<D>;
  outcome: Promise<O>;
}

export interface StackContext {
  transports: Map<TransportProtocol, Transport>;
  /** Debug logs of each send and DNS answer; undefined when nobody listens (no cost per send). */
  debug?: (message: string, fields: Record<string, unknown>) => void;
  timers: SipTimers;
  resolver?: DnsResolver;
  /** Aborted when the stack closes. */
  closeSignal: AbortSignal;
  /** Keeps a transaction's cancel function until it ends, so close() can settle it. */
  track(cancel: () => void): CallbackNode;
  /** Takes back what track() registered. A pair, not a removal function per call: no closure per send. */
  untrack(tracked: CallbackNode): void;
  /** Routes a client transaction's responses to it (see ClientTransactions.listen). */
  listen(branch: string, method: string, onResponse: (response: IncomingResponse) => void): Listening;
}
