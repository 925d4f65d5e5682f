/**
 * The one shape of a hand-written success/failure result in messagesend: `ok` tells which, a
 * failure carries a stable `reason` code and a human `detail`. A parser's result is `ParseResult`
 * (its failure is a `ParseProblem` with an offset); a send's is a status (`SendResult`).
 */
export interface Failure<R extends string = string> {
  ok: false;
  /** A stable code, from an exported constant (never a status name). */
  reason: R;
  detail: string;
}

/** The success half: `ok: true` and what the operation produced. */
export type Success<T extends object = Record<never, never>> = { ok: true } & T;

/** `Success<T>` or `Failure<R>`; narrow on `ok`. */
export type Outcome<T extends object = Record<never, never>, R extends string = string> =
  | Success<T>
  | Failure<R>;
