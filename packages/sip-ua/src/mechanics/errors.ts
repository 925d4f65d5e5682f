/** Thrown error codes of this package (documented in docs/errors.md). */
export const SipErrorCode = {
  HeaderInvalid: 'ERR_MSG_SIP_HEADER_INVALID',
  BindFailed: 'ERR_MSG_SIP_BIND_FAILED',
  NoTransport: 'ERR_MSG_SIP_NO_TRANSPORT',
} as const;

/** Reasons (SendResult.reason / delivery codes) produced by this package. */
export const SipReason = {
  TooLargeForUdp: 'SIP_TOO_LARGE_FOR_UDP',
  NoTransport: 'SIP_NO_TRANSPORT',
  DnsFailed: 'SIP_DNS_FAILED',
  TransportError: 'SIP_TRANSPORT_ERROR',
  Timeout: 'SIP_TIMEOUT',
  AuthFailed: 'SIP_AUTH_FAILED',
  StackClosed: 'SIP_STACK_CLOSED',
  Aborted: 'SIP_ABORTED',
} as const;

/**
 * Why an inbound message was refused or dropped: the keys of `stack.stats().reasons`, each
 * counted once per message or connection it applies to.
 */
export const SipInbound = {
  BadRequest: 'SIP_IN_BAD_REQUEST',
  VersionNotSupported: 'SIP_IN_VERSION_NOT_SUPPORTED',
  TooLarge: 'SIP_IN_TOO_LARGE',
  Unparseable: 'SIP_IN_UNPARSEABLE',
  NoVia: 'SIP_IN_NO_VIA',
  MalformedResponse: 'SIP_IN_MALFORMED_RESPONSE',
  RateLimited: 'SIP_IN_RATE_LIMITED',
  Overloaded: 'SIP_IN_OVERLOADED',
  ConnectionRefused: 'SIP_IN_CONNECTION_REFUSED',
  IdleClosed: 'SIP_IN_IDLE_CLOSED',
  Contained: 'SIP_IN_CONTAINED',
} as const;
export type SipInboundCode = (typeof SipInbound)[keyof typeof SipInbound];

/** Why RFC 3263 location found no target (`locate()`'s `reason`). */
export const LocateFailure = {
  Unparsable: 'unparsable',
  NoTransport: 'no-transport',
  Dns: 'dns',
} as const;
export type LocateFailureReason = (typeof LocateFailure)[keyof typeof LocateFailure];

/**
 * Why `DigestServer.verify()` refused an answer (its `reason`); `digestRefusal()` turns each into
 * a 401 challenge or a 403. Lower case: verdicts, not send reasons.
 */
export const DigestRejection = {
  Missing: 'missing',
  Malformed: 'malformed',
  UnknownUser: 'unknown-user',
  WrongCredentials: 'wrong-credentials',
  Stale: 'stale',
  Replay: 'replay',
  NoQop: 'no-qop',
  WrongRealm: 'wrong-realm',
  WrongUri: 'wrong-uri',
} as const;
export type DigestRejectionReason = (typeof DigestRejection)[keyof typeof DigestRejection];

/** Why a server nonce does not check out (`NonceSigner.check()`). */
export const NonceRejection = {
  /** We signed it, for another source address. */
  Foreign: 'foreign',
  /** We never issued it (forged or from another process). */
  Unknown: 'unknown',
} as const;
export type NonceRejectionReason = (typeof NonceRejection)[keyof typeof NonceRejection];

/** True for the error startSipStack() rejects with when an address or port cannot be bound. */
export function isBindError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === SipErrorCode.BindFailed
  );
}
