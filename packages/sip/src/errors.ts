/** Thrown error codes of @messagesend/sip (documented in docs/errors.md). */
export const ChanSipErrorCode = {
  Config: 'ERR_MSG_CHAN_SIP_CONFIG',
} as const;

/** SendResult reasons of @messagesend/sip (documented in docs/errors.md). */
export const ChanSipReason = {
  NumericHost: 'CHAN_SIP_NUMERIC_HOST',
  PeerNotRegistered: 'CHAN_SIP_PEER_NOT_REGISTERED',
  PeerNoAddress: 'CHAN_SIP_PEER_NO_ADDRESS',
  MaxForwardsExhausted: 'CHAN_SIP_MAX_FORWARDS_EXHAUSTED',
  BadHeader: 'CHAN_SIP_BAD_HEADER',
  StartFailed: 'CHAN_SIP_START_FAILED',
  BadRequestUri: 'CHAN_SIP_BAD_REQUEST_URI',
  /** The destination names a sip.conf peer that was skipped at load because it failed to apply. */
  SkippedSection: 'CHAN_SIP_CONFIG_SECTION_SKIPPED',
} as const;
