/** A destination split at its first `:` into a technology name and the rest. */
export interface SplitDestination {
  /** Lower-cased text before the first `:` (the whole destination when there is none). */
  tech: string;
  /** Text after the first `:`; empty when there is no `:`. */
  rest: string;
  hasColon: boolean;
}

/** Splits as Asterisk does (first `:`), lower-casing the prefix (project decision 1). */
export function splitDestination(destination: string): SplitDestination | undefined {
  if (typeof destination !== 'string' || destination.length === 0) return undefined;
  const colon = destination.indexOf(':');
  if (colon < 0) return { tech: destination.toLowerCase(), rest: '', hasColon: false };
  return {
    tech: destination.slice(0, colon).toLowerCase(),
    rest: destination.slice(colon + 1),
    hasColon: true,
  };
}
