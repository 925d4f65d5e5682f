/** Thrown error codes of @messagesend/sip (documented in docs/errors.md). */
export const SipTechErrorCode = {
  Config: 'ERR_MSG_SIP_CONFIG',
} as const;

/** SendResult reasons of @messagesend/sip (documented in docs/errors.md). */
export const SipTechReason = {
  NumericHost: 'SIP_NUMERIC_HOST',
  PeerNotRegistered: 'SIP_PEER_NOT_REGISTERED',
  PeerNoAddress: 'SIP_PEER_NO_ADDRESS',
  MaxForwardsExhausted: 'SIP_MAX_FORWARDS_EXHAUSTED',
  BadHeader: 'SIP_BAD_HEADER',
  StartFailed: 'SIP_START_FAILED',
  BadRequestUri: 'SIP_BAD_REQUEST_URI',
  /** The destination names a sip.conf peer that was skipped at load because it failed to apply. */
  SkippedSection: 'SIP_CONFIG_SECTION_SKIPPED',
} as const;
