import { MESSAGE, MESSAGE_DATA } from './message.js';
import { CUT, FILTER, IF, LEN, POP, REGEX, REPLACE, SHIFT, TOLOWER, TOUPPER } from './strings.js';
import type { DialplanFunction } from './types.js';

/** The functions we implement, by upper-case name (Asterisk's function names are case-insensitive). */
export const FUNCTIONS: ReadonlyMap<string, DialplanFunction> = new Map(
  Object.entries({
    MESSAGE,
    MESSAGE_DATA,
    CUT,
    FILTER,
    IF,
    LEN,
    POP,
    REGEX,
    REPLACE,
    SHIFT,
    TOLOWER,
    TOUPPER,
  }),
);

export function isKnownFunction(name: string): boolean {
  return FUNCTIONS.has(name.toUpperCase());
}
