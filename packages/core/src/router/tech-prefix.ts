import { splitDestination } from '../destination.js';

/** How many destinations the router remembers the technology prefix of. */
const PREFIX_MEMO_LIMIT = 1024;
/** Longer destinations are split every time: the memo must not hold caller-sized strings. */
const PREFIX_MEMO_MAX_KEY = 4096;

const prefixes = new Map<string, string>();

/**
 * The technology name a destination starts with (lower case, as splitDestination gives it), or
 * undefined for an empty destination. Remembered per destination string: the same destinations
 * come back on every send, and splitting one makes two strings and an object each time.
 */
export function techPrefix(destination: string): string | undefined {
  const known = prefixes.get(destination);
  if (known !== undefined) return known;
  const tech = splitDestination(destination)?.tech;
  if (tech === undefined || destination.length > PREFIX_MEMO_MAX_KEY) return tech;
  if (prefixes.size >= PREFIX_MEMO_LIMIT) prefixes.delete(prefixes.keys().next().value!);
  prefixes.set(destination, tech);
  return tech;
}
