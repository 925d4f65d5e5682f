/** Thrown error codes of @messagesend/xmpp (documented in docs/errors.md). */
export const XmppErrorCode = {
  Config: 'ERR_MSG_XMPP_CONFIG',
} as const;

/** SendResult reasons and delivery codes of @messagesend/xmpp (documented in docs/errors.md). */
export const XmppReason = {
  FromRequired: 'XMPP_FROM_REQUIRED',
  UnknownAccount: 'XMPP_UNKNOWN_ACCOUNT',
  BodyInvalid: 'XMPP_BODY_INVALID',
  BodyTooLarge: 'XMPP_BODY_TOO_LARGE',
  ConnectFailed: 'XMPP_CONNECT_FAILED',
  ConnectTimeout: 'XMPP_CONNECT_TIMEOUT',
  AuthFailed: 'XMPP_AUTH_FAILED',
  TlsRequired: 'XMPP_TLS_REQUIRED',
  ServerMalformed: 'XMPP_SERVER_MALFORMED',
  NotConnected: 'XMPP_NOT_CONNECTED',
  QueueFull: 'XMPP_QUEUE_FULL',
  StanzaError: 'XMPP_STANZA_ERROR',
  OutcomeUnknown: 'XMPP_OUTCOME_UNKNOWN',
  Ack: 'XMPP_ACK',
  Receipt: 'XMPP_RECEIPT',
  Written: 'XMPP_WRITTEN',
} as const;
