/** Thrown error codes of @messagesend/pjsip (documented in docs/errors.md). */
export const PjsipErrorCode = {
  Config: 'ERR_MSG_PJSIP_CONFIG',
} as const;

/** SendResult reasons of @messagesend/pjsip (documented in docs/errors.md). */
export const PjsipReason = {
  UnknownEndpoint: 'PJSIP_UNKNOWN_ENDPOINT',
  NoDefaultEndpoint: 'PJSIP_NO_DEFAULT_ENDPOINT',
  NoContact: 'PJSIP_NO_CONTACT',
  BadOutboundProxy: 'PJSIP_BAD_OUTBOUND_PROXY',
  MaxForwardsExhausted: 'PJSIP_MAX_FORWARDS_EXHAUSTED',
  BadHeader: 'PJSIP_BAD_HEADER',
  StartFailed: 'PJSIP_START_FAILED',
  /** The send needs a pjsip.conf section that was skipped at load because it failed to apply. */
  SkippedSection: 'PJSIP_CONFIG_SECTION_SKIPPED',
} as const;
