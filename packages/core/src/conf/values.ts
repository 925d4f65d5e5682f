/**
 * Value forms shared by the `.conf` schema and `confReader`, as Asterisk reads them.
 * Booleans follow `ast_true`/`ast_false` (main/utils.c): yes/true/y/t/1/on and no/false/n/f/0/off,
 * any case. Asterisk treats anything else as false; messagesend refuses it instead.
 */
const TRUE = /^(?:yes|true|y|t|1|on)$/i;
const FALSE = /^(?:no|false|n|f|0|off)$/i;

/** true, false, or undefined for a value that is neither. */
export function confBoolean(value: string): boolean | undefined {
  if (TRUE.test(value)) return true;
  if (FALSE.test(value)) return false;
  return undefined;
}

/** A whole number within [min, max], or undefined. */
export function confInteger(value: string, min: number, max: number): number | undefined {
  const number = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return number >= min && number <= max ? number : undefined;
}

/** How an integer's bounds read in an error. */
export function integerBounds(min: number, max: number | undefined): string {
  return max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
}

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `500ms`, `10s`, `2m`, `1h`, or a bare number in `unit`; milliseconds, or undefined. */
export function confDurationMs(value: string, unit: keyof typeof UNIT_MS): number | undefined {
  const match = DURATION.exec(value);
  if (!match) return undefined;
  const scale = UNIT_MS[(match[2]?.toLowerCase() ?? unit) as keyof typeof UNIT_MS];
  return Math.round(Number(match[1]) * scale);
}
