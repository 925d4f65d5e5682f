/** Thrown error codes of the AMI server (documented in docs/errors.md). */
export const AmiErrorCode = {
  /** manager.conf has a value that cannot be used. */
  Config: 'ERR_MSG_AMI_CONFIG',
  /** The listening socket could not be bound. */
  BindFailed: 'ERR_MSG_AMI_BIND_FAILED',
} as const;

/**
 * Codes of what the AMI server reports about a session (the `code` field of its log records, and
 * the reason a connection was closed). Documented in docs/errors.md.
 */
export const AmiEventCode = {
  /** A line longer than the input buffer: discarded, the packet answered with an error. */
  LineTooLong: 'AMI_LINE_TOO_LONG',
  /** A packet of more than 128 lines: answered with an error. */
  TooManyLines: 'AMI_TOO_MANY_LINES',
  /** Not logged in within `authtimeout` seconds: disconnected. */
  AuthTimeout: 'AMI_AUTH_TIMEOUT',
  /** `authlimit` unauthenticated sessions already open: closed on accept. */
  AuthLimit: 'AMI_AUTH_LIMIT',
  /** A Login that failed (unknown user, wrong secret or key, ACL): answered after a delay, then disconnected. */
  LoginFailed: 'AMI_LOGIN_FAILED',
  /** A Login refused by the user's deny/permit rules. */
  AclDenied: 'AMI_ACL_DENIED',
  /** A Login for a user with `allowmultiplelogin=no` who is already logged in. */
  LoginInUse: 'AMI_LOGIN_IN_USE',
  /** The `send` function threw or rejected: answered "Message failed to send.". */
  SendThrew: 'AMI_SEND_THREW',
  /** The client did not read our responses within the user's `writetimeout`: disconnected. */
  WriteStalled: 'AMI_WRITE_STALLED',
  /** Something threw while handling a session's bytes; caught, that session closed, others unaffected. */
  Contained: 'AMI_CONTAINED',
} as const;

export type AmiEventCode = (typeof AmiEventCode)[keyof typeof AmiEventCode];
