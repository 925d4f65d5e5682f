import type { Outcome, SendDeadline } from '@messagesend/core';
import type { DigestCredentials } from '../auth/digest.js';
import type { DnsResolver } from '../dns/locate.js';
import type { SipReason } from '../errors.js';
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

export interface StackContext {
  transports: Map<TransportProtocol, Transport>;
  /** Debug logs of each send and DNS answer; undefined when nobody listens (no cost per send). */
  debug?: (message: string, fields: Record<string, unknown>) => void;
  timers: SipTimers;
  resolver?: DnsResolver;
  /** Aborted when the stack closes. */
  closeSignal: AbortSignal;
  /** Keeps a transaction's cancel function until it ends, so close() can settle it. */
  track(cancel: () => void): () => void;
  listen(branch: string, method: string, onResponse: (response: IncomingResponse) => void): () => void;
}
