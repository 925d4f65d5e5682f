import { MsgError } from '../errors.js';
import { type ConfSection, confValue, confValues } from './asterisk-conf.js';
import { isSecretKey } from './secret-keys.js';
import { confBoolean, confInteger, integerBounds } from './values.js';

/** Typed access to one section's options, with errors that name the section, file and line. */
export interface ConfReader {
  /** The last value of `key`; an empty value counts as unset. */
  text(key: string): string | undefined;
  /** Every value of `key`, repeated or comma-separated, trimmed, empty items dropped. */
  list(key: string): string[];
  /** Asterisk's ast_true/ast_false forms (yes/no, true/false, y/n, t/f, on/off, 1/0, any case); anything else throws. */
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
      const bool = confBoolean(value);
      if (bool !== undefined) return bool;
      throw error(key, `expected yes or no, got "${shown(key, value)}"`);
    },
    int(key, range = {}) {
      const value = text(key);
      if (value === undefined) return undefined;
      const min = range.min ?? 0;
      const max = range.max ?? Number.MAX_SAFE_INTEGER;
      const number = confInteger(value, min, max);
      if (number === undefined)
        throw error(
          key,
          `expected a whole number ${integerBounds(min, range.max)}, got "${shown(key, value)}"`,
        );
      return number;
    },
  };
}
