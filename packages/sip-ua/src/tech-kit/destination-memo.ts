/**
 * Memoises a technology's destination parsing per destination string, at most `limit` entries
 * (the oldest goes first when full). Parsing depends only on the string and the configuration, and
 * a technology's configuration is fixed when it is made, so an entry never goes stale. The results
 * are shared between sends: they are read, never changed.
 */
export function memoByDestination<R>(
  limit: number,
  parse: (destination: string) => R,
): (destination: string) => R {
  const cache = new Map<string, R>();
  return (destination) => {
    // Longer than any usable destination: parsed, not kept (the memo must not hold caller-sized strings).
    if (typeof destination !== 'string' || destination.length > MEMO_KEY_MAX_LENGTH)
      return parse(destination);
    const known = cache.get(destination);
    if (known !== undefined) return known;
    const result = parse(destination);
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(destination, result);
    return result;
  };
}

/** Destinations longer than this are parsed every time instead of remembered. */
export const MEMO_KEY_MAX_LENGTH = 4096;

/** How many destinations a SIP technology remembers the parse of. */
export const DESTINATION_MEMO_LIMIT = 1024;
