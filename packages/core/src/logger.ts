export type LogFields = Record<string, unknown>;

/**
 * The smallest logger shape messagesend needs: `(message, fields)`, which console and most loggers
 * fit. pino (whose methods take `(fields, message)`) is accepted as it is: every `logger` option
 * passes through `toLogger`, which recognises it and swaps the arguments.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ignore = (): void => {};

export const silentLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});

/** An Error as plain JSON data: what a structured logger can print. */
export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  /** Own enumerable properties (a MsgError's `code`, `file`, `line`; a Node error's `errno`...). */
  [property: string]: unknown;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
type FieldsFirst = Record<Level, (fields: LogFields, message: string) => void>;
const adapted = new WeakSet<Logger>();

/**
 * True for a logger whose methods take `(fields, message)`: pino, recognised by its
 * `bindings()`, `child()` and `levels`.
 */
function takesFieldsFirst(logger: object): boolean {
  const candidate = logger as { bindings?: unknown; child?: unknown; levels?: unknown };
  return (
    typeof candidate.bindings === 'function' &&
    typeof candidate.child === 'function' &&
    typeof candidate.levels === 'object' &&
    candidate.levels !== null
  );
}

/**
 * Serialises an Error (with its `cause` and an AggregateError's `errors`) to plain data, the shape
 * of pino's `err` serializer. An error that contains itself (a cycle) becomes `'[Circular]'` there.
 */
export function serializeError(error: Error, seen: Set<unknown> = new Set()): SerializedError {
  seen.add(error);
  const value = (v: unknown): unknown => {
    if (!(v instanceof Error)) return v;
    return seen.has(v) ? '[Circular]' : serializeError(v, seen);
  };
  const out: SerializedError = { type: error.name || error.constructor.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  for (const [key, property] of Object.entries(error)) {
    if (key !== 'type' && key !== 'message' && key !== 'stack') out[key] = value(property);
  }
  if (error.cause !== undefined) out.cause = value(error.cause);
  if (error instanceof AggregateError) out.errors = (error.errors as unknown[]).map(value);
  seen.delete(error); // only an ancestor makes a cycle; the same error twice side by side is not one
  return out;
}

/** The fields with every Error-valued field (such as `error`) serialised. */
function serializeFields(fields: LogFields | undefined): LogFields {
  const out: LogFields = {};
  if (fields === undefined) return out;
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? serializeError(value) : value;
  }
  return out;
}

/**
 * The `Logger` messagesend calls for a `logger` option: `silentLogger` when none is given, the
 * logger itself when it takes `(message, fields)` (console and the like), and for pino an adapter
 * that calls `pino.info(fields, message)` with Error-valued fields serialised (pino's own `err`
 * serializer only looks at `err`). pino's levels, bindings (`child`), `redact` and transports
 * apply as usual. Idempotent.
 */
export function toLogger(logger: Logger | undefined): Logger {
  if (logger === undefined) return silentLogger;
  if (adapted.has(logger) || !takesFieldsFirst(logger)) return logger;
  const target = logger as unknown as FieldsFirst;
  const method =
    (level: Level) =>
    (message: string, fields?: LogFields): void =>
      target[level](serializeFields(fields), message);
  const adapter: Logger = Object.freeze({
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
  });
  adapted.add(adapter);
  return adapter;
}
