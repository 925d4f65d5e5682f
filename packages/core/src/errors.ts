/**
 * Thrown errors are for programmer and configuration mistakes only; a failed send is a status.
 * Every code here is documented in docs/errors.md (a test keeps the two in step).
 */
export const ErrorCode = {
  TechName: 'ERR_MSG_TECH_NAME',
  TechDuplicate: 'ERR_MSG_TECH_DUPLICATE',
  TechApiVersion: 'ERR_MSG_TECH_API_VERSION',
  TechShape: 'ERR_MSG_TECH_SHAPE',
  RouterClosed: 'ERR_MSG_ROUTER_CLOSED',
  ConfSyntax: 'ERR_MSG_CONF_SYNTAX',
  ConfInclude: 'ERR_MSG_CONF_INCLUDE',
  ConfTemplate: 'ERR_MSG_CONF_TEMPLATE',
  InvalidArgument: 'ERR_MSG_INVALID_ARGUMENT',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface MsgErrorOptions {
  cause?: unknown;
  /** Configuration file the problem was found in, when there is one. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
}

export class MsgError extends Error {
  override readonly name = 'MsgError';
  readonly code: string;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(code: string, message: string, options: MsgErrorOptions = {}) {
    const where = options.file !== undefined || options.line !== undefined ? ` (${locate(options)})` : '';
    super(`${message}${where}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.line = options.line;
  }
}

function locate({ file, line }: MsgErrorOptions): string {
  if (file !== undefined && line !== undefined) return `${file}:${line}`;
  if (file !== undefined) return file;
  return `line ${line}`;
}

export function isMsgError(value: unknown, code?: string): value is MsgError {
  return value instanceof MsgError && (code === undefined || value.code === code);
}
