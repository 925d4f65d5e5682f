import type { Success } from './outcome.js';

/** Where and why a parser gave up. `offset` is the 0-based index in the input. */
export interface ParseProblem {
  message: string;
  offset: number;
}

/** The one result shape of every parser in messagesend (and of `MessageTech.parse`). */
export type ParseResult<T> = Success<{ value: T }> | { ok: false; error: ParseProblem };

export function parsed<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function parseFailure<T = never>(message: string, offset: number): ParseResult<T> {
  return { ok: false, error: { message, offset } };
}
