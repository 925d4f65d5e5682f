/** Thrown error codes of @messagesend/dialplan (documented in docs/errors.md). */
export const DialplanErrorCode = {
  /** The top-level extensions.conf cannot be read, or an option is of the wrong kind. */
  Config: 'ERR_MSG_DIALPLAN_CONFIG',
} as const;

/**
 * Codes of load warnings and of run-time log lines (documented in docs/errors.md). A dialplan
 * problem is never thrown at a message: it is logged with one of these and given a defined result.
 */
export const DialplanCode = {
  Syntax: 'DIALPLAN_SYNTAX',
  Include: 'DIALPLAN_INCLUDE',
  UnknownApp: 'DIALPLAN_UNKNOWN_APP',
  UnknownFunction: 'DIALPLAN_UNKNOWN_FUNCTION',
  Unsupported: 'DIALPLAN_UNSUPPORTED',
  Expression: 'DIALPLAN_EXPRESSION',
  Substitution: 'DIALPLAN_SUBSTITUTION',
  BadArgument: 'DIALPLAN_BAD_ARGUMENT',
  Regex: 'DIALPLAN_REGEX',
  ControlChars: 'DIALPLAN_CONTROL_CHARS',
  ValueTooLong: 'DIALPLAN_VALUE_TOO_LONG',
  NoPriority: 'DIALPLAN_NO_PRIORITY',
  LoopGuard: 'DIALPLAN_LOOP_GUARD',
  RunTimeout: 'DIALPLAN_RUN_TIMEOUT',
  SendThrew: 'DIALPLAN_SEND_THREW',
  QueueFull: 'DIALPLAN_QUEUE_FULL',
  Closed: 'DIALPLAN_CLOSED',
} as const;

export type DialplanCode = (typeof DialplanCode)[keyof typeof DialplanCode];

/** A problem found while loading, with where it is. */
export interface DialplanWarning {
  code: DialplanCode;
  message: string;
  file?: string;
  line?: number;
}

/**
 * Channel variables Asterisk's applications set. Not codes, but upper snake case like them, so
 * they live here with the codes (the repository's code-literal check allows such strings only in
 * errors.ts).
 */
export const DialplanVariable = {
  SendStatus: 'MESSAGE_SEND_STATUS',
  GosubReturnValue: 'GOSUB_RETVAL',
} as const;
