import { MsgError } from '../errors.js';
import { type ConfSection, confValue, confValues } from './asterisk-conf.js';
import { isSecretKey } from './secret-keys.js';

/** Typed access to one section's options, with errors that name the section, file and line. */
export interface ConfReader {
  /** The last value of `key`; an empty value counts as unset. */
  text(key: string): string | undefined;
  /** Every value of `key`, repeated or comma-separated, trimmed, empty items dropped. */
  list(key: string): string[];
  /** yes/no, true/false, on/off, 1/0 (any case); anything else throws. */
  bool(key: string): boolean | undefined;
  /** A whole number within [min, max]; anything else throws. */
  int(key: string, range?: { min?: number; max?: number }): number | undefined;
  /** A coded error pointing at `key`'s line (or the section's); a secret-like key's values are masked in it. */
  error(key: string, message: string): MsgError;
}

/** A reader for `section` whose errors carry `errorCode` (each loader has its own). */
export function confReader(section: ConfSection, errorCode: string): ConfReader {
  const error = (key: string, message: string): MsgError => {
    const wanted = key.toLowerCase();
    const line =
      [...section.entries].reverse().find((entry) => entry.key.toLowerCase() === wanted)?.line ??
      section.line;
    const file =
      [...section.entries].reverse().find((entry) => entry.key.toLowerCase() === wanted)?.file ??
      section.file;
    // A loader may quote the value; for a secret-like key it is masked wherever it appears.
    let safe = message;
    if (isSecretKey(key))
      for (const value of confValues(section, key)) if (value !== '') safe = safe.replaceAll(value, '***');
    return new MsgError(errorCode, `[${section.name}] ${key}: ${safe}`, { file, line });
  };
  /** A value as quoted in an error: never the value of a secret-like key. */
  const shown = (key: string, value: string): string => (isSecretKey(key) ? '***' : value);
  const text = (key: string): string | undefined => {
    const value = confValue(section, key);
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    error,
    text,
    list: (key) =>
      confValues(section, key)
        .flatMap((value) => value.split(','))
        .map((item) => item.trim())
        .filter(Boolean),
    bool(key) {
      const value = text(key);
      if (value === undefined) return undefined;
      if (/^(yes|true|on|1)$/i.test(value)) return true;
      if (/^(no|false|off|0)$/i.test(value)) return false;
      throw error(key, `expected yes or no, got "${shown(key, value)}"`);
    },
    int(key, range = {}) {
      const value = text(key);
      if (value === undefined) return undefined;
      const min = range.min ?? 0;
      const max = range.max ?? Number.MAX_SAFE_INTEGER;
      const number = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
      if (!(number >= min && number <= max)) {
        const bounds = range.max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
        throw error(key, `expected a whole number ${bounds}, got "${shown(key, value)}"`);
      }
      return number;
    },
  };
}
