import type { Logger } from '@messagesend/core';
import type { DnsResolver } from '../mechanics/dns/locate.js';
import type { InboundLimits } from '../mechanics/inbound/limits.js';
import type { RegistrationStore } from '../mechanics/registrar/store.js';
import type { SipTimers } from '../mechanics/transaction/timers.js';
import type { WireTrace } from '../mechanics/transport/wire-trace.js';

/** The options every SIP technology takes for its stack, whatever its configuration file. */
export interface SipTechOptions {
  /** The technology's own logger; without one the router's is used once registered. */
  logger?: Logger;
  /** Where registrations are kept (default: in memory). */
  registrations?: RegistrationStore;
  /** DNS resolver for RFC 3263 location (default: the system's). */
  resolver?: DnsResolver;
  /** SIP timers (tests shorten them). */
  timers?: Partial<SipTimers>;
  /** Accept inbound digest answers without qop (RFC 2069), each nonce once (default false). */
  allowRfc2069Digest?: boolean;
  /**
   * Bounds on inbound SIP traffic (connections, message size, rates, requests in progress), passed
   * to the SIP stack; unset fields keep sip-ua's DEFAULT_LIMITS.
   */
  limits?: Partial<InboundLimits>;
  /** How long close() lets sends in flight get their final response (default 2 s, the stack's). */
  closeGraceMs?: number;
  /** Every SIP message read or written, both directions (`messagesend --trace`); absent, no cost. */
  trace?: WireTrace;
  /**
   * Extra CA certificates (PEM) trusted by the TLS transports (`messagesend --ca`), added to the
   * transport's own list (pjsip's ca_list_file) or else to Node's roots; never replacing them.
   */
  ca?: string | Buffer;
}
