import type { SipNat } from './nat.js';
import type { SipRegisterLine } from './register-line.js';

/**
 * The typed form of sip.conf (chan_sip): what `parseSipConf` returns and `sip({ config })` accepts.
 * Fields are camelCase (`fromdomain=` is `fromDomain`), as in every technology's parsed config.
 */
export interface SipConfig {
  general?: SipGeneral;
  peers?: Record<string, SipPeerConfig>;
  /** `[authentication]` `auth=` entries, tried by realm on 401/407 when the peer has no secret. */
  authentication?: SipCredential[];
  /** `register =>` lines of [general]: registrations started with the technology. */
  registrations?: SipRegisterLine[];
  /** Sections (and register lines) that failed to apply and were left out, with why. */
  skipped?: SipSkippedSection[];
}

/** A section the loader skipped because it failed to apply. */
export interface SipSkippedSection {
  /** `peer`, `general`, `register`... */
  type: string;
  name: string;
  /** `file:line [name]`. */
  place: string;
  reason: string;
}

export interface SipGeneral {
  /** Bind address (default 0.0.0.0). */
  bindAddr?: string;
  /** Bind port (default 5060; 0 lets the system choose). */
  bindPort?: number;
  /** Also listen on TCP (default false). */
  tcpEnable?: boolean;
  /** Default From user and display name (default `asterisk`). */
  callerId?: string;
  /** Default From domain (default: our address toward the target). */
  fromDomain?: string;
  /** SRV lookups for hosts without a port (default true). */
  srvLookup?: boolean;
  /** User-Agent header (default `messagesend`). */
  userAgent?: string;
  /** Accept MESSAGE outside a call (default true; no gives 405). */
  acceptOutOfCallMessage?: boolean;
  /** Authenticate inbound MESSAGE like a call (default true). */
  authMessageRequests?: boolean;
  context?: string;
  messageContext?: string;
  /** Digest realm of our challenges (default `asterisk`). */
  realm?: string;
  /** Peers' default `nat=` (chan_sip's default auto_force_rport). */
  nat?: SipNat;
  /** Seconds asked for by `register =>` lines without `~expiry` (default 120). */
  defaultExpiry?: number;
  /** Seconds before a REGISTER without an answer (or refused by a 401) is sent again (default 20). */
  registerTimeout?: number;
  /** Attempts before giving up (default 0: never give up). */
  registerAttempts?: number;
  /** Retry after 403 Forbidden instead of stopping (default no). */
  registerRetry403?: boolean;
}

export interface SipPeerConfig {
  /** `peer`, `friend` (sends and receives) or `user` (receives only). */
  type: 'peer' | 'friend' | 'user';
  /** A host name or address, or `dynamic` for a peer that registers. */
  host?: string;
  port?: number;
  defaultUser?: string;
  username?: string;
  secret?: string;
  fromUser?: string;
  fromDomain?: string;
  /** `"Name" <number>`. */
  callerId?: string;
  /** The first transport listed (udp, tcp or tls). */
  transport?: 'udp' | 'tcp' | 'tls';
  outboundProxy?: string;
  useReqPhone?: boolean;
  insecure?: string;
  context?: string;
  messageContext?: string;
  /**
   * force_rport: a registration is stored at its source address and port; auto_force_rport
   * (default): so when the Via's address differs from the source (NAT) or asks for rport; no:
   * only when the Via asks for rport, as chan_sip.
   */
  nat?: SipNat;
}

export interface SipCredential {
  user: string;
  secret: string;
  realm: string;
}

export type { SipRegisterLine };
