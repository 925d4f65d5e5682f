import { findHeaders, type IncomingRequest } from '@messagesend/sip-ua';

/** A compiled identify `match_header`: every header of that name is tried, exact or `/regex/`. */
export interface HeaderMatch {
  matches(request: IncomingRequest): boolean;
}

/** Compiles `Name: value` or `Name: /regex/` (Asterisk: `//` is the empty value); a string explains an error. */
export function compileHeaderMatch(text: string): HeaderMatch | string {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon).trim();
  let value = text.slice(colon + 1).trim();
  if (value === '//') value = '';
  let pattern: RegExp | undefined;
  if (value.length > 2 && value.startsWith('/') && value.endsWith('/')) {
    try {
      pattern = new RegExp(value.slice(1, -1));
    } catch (error) {
      return `bad regular expression: ${(error as Error).message}`;
    }
  }
  return {
    matches: (request) =>
      findHeaders(request.headers, name).some((found) =>
        pattern ? pattern.test(found.trim()) : found.trim() === value,
      ),
  };
}
