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

/** True for the error startSipStack() rejects with when an address or port cannot be bound. */
export function isBindError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === SipErrorCode.BindFailed
  );
}
