import { ErrorCode, MsgError } from '../errors.js';
import type { ConfEntry, ConfSection } from './asterisk-conf.js';
import { isSecretKey } from './secret-keys.js';
import { confBoolean, confDurationMs, confInteger, integerBounds } from './values.js';

/** What an option's parser gets besides the value. */
export interface ConfValueContext {
  readonly section: ConfSection;
  /** The entry read (for a list option, its last entry). */
  readonly entry: ConfEntry;
  /** The option's name as written in the file, lower case (an alias when the file used one). */
  readonly key: string;
  /** A coded error at the entry's file and line; a secret-like option's values are masked in it. */
  error(message: string): MsgError;
  /** `value` fit to quote in a message: `***` for a secret-like option. */
  shown(value: string): string;
  /** Adds a warning prefixed with the entry's `file:line [section]`. */
  warn(message: string): void;
}

/**
 * One option of a section schema. Build it with `confOption.*`; `T` is the value produced, `P` the
 * property it is stored under (the option's name unless `to` is given), `Present` whether the
 * value is always there (a default or `required`).
 */
export interface ConfOption<
  T = unknown,
  P extends string | undefined = string | undefined,
  Present = boolean,
  Status extends 'used' | 'ignored' = 'used' | 'ignored',
> {
  /** `used`: read into the result; `ignored`: accepted without effect, with `warning` when given. */
  readonly status: Status;
  readonly to: P;
  readonly aliases: readonly string[];
  /** `scalar`: the last value counts; `list`: every value, each comma-separated unless `split` is false. */
  readonly kind: 'scalar' | 'list';
  readonly split: boolean;
  /** An empty value counts as given (`secret=`), rather than as unset. */
  readonly keepEmpty: boolean;
  readonly default: T | undefined;
  /** The error when the option is missing (or empty). */
  readonly required: string | undefined;
  /** For an ignored option: the warning given when it appears (none when undefined). */
  readonly warning: string | undefined;
  /** Scalar: gets the value; list: gets the items (never empty). */
  readonly parse: (value: never, context: ConfValueContext) => T;
  /** Type marker only. */
  readonly present?: Present;
}

/** What every option builder takes. */
export interface ConfOptionSpec<T, P extends string | undefined> {
  /** Property name in the result (default: the option's name). */
  to?: P;
  /** Other spellings accepted for the option (the last one written wins, as in Asterisk). */
  aliases?: readonly string[];
  /** Value when the option is missing or empty. */
  default?: T;
  /** When missing or empty: a coded error with this text, at the option's last line, else the section's. */
  required?: string;
  /** Keep an empty value (`key=`) instead of treating it as unset (strings only). */
  keepEmpty?: boolean;
}

type PresentOf<S> = S extends { default: unknown } ? true : S extends { required: string } ? true : false;
type ToOf<S> = S extends { to: infer P extends string } ? P : undefined;

function make<T, S extends ConfOptionSpec<unknown, string | undefined>>(
  spec: S | undefined,
  kind: 'scalar' | 'list',
  parse: (value: never, context: ConfValueContext) => T,
  split = true,
): ConfOption<T, ToOf<S>, PresentOf<S>, 'used'> {
  return {
    status: 'used',
    to: spec?.to as ToOf<S>,
    aliases: (spec?.aliases ?? []).map((alias) => alias.toLowerCase()),
    kind,
    split,
    keepEmpty: spec?.keepEmpty ?? false,
    default: spec?.default as T | undefined,
    required: spec?.required,
    warning: undefined,
    parse,
  };
}

/** Option builders for `defineConfSection`. */
export const confOption = {
  /** Text, as written (trimmed by the reader). */
  string<const S extends ConfOptionSpec<string, string | undefined>>(spec?: S) {
    return make<string, S>(spec, 'scalar', (value: string) => value);
  },
  /** A whole number within [min (default 0), max]. */
  integer<const S extends ConfOptionSpec<number, string | undefined> & { min?: number; max?: number }>(
    spec?: S,
  ) {
    const min = spec?.min ?? 0;
    const max = spec?.max ?? Number.MAX_SAFE_INTEGER;
    return make<number, S>(spec, 'scalar', (value: string, context) => {
      const number = confInteger(value, min, max);
      if (number === undefined)
        throw context.error(
          `expected a whole number ${integerBounds(min, spec?.max)}, got "${context.shown(value)}"`,
        );
      return number;
    });
  },
  /** Asterisk's ast_true/ast_false forms: yes/no, true/false, y/n, t/f, on/off, 1/0, any case. */
  boolean<const S extends ConfOptionSpec<boolean, string | undefined>>(spec?: S) {
    return make<boolean, S>(spec, 'scalar', (value: string, context) => {
      const bool = confBoolean(value);
      if (bool === undefined) throw context.error(`expected yes or no, got "${context.shown(value)}"`);
      return bool;
    });
  },
  /** One of `values`, matched case-insensitively, produced as listed. */
  enum<const V extends string, const S extends ConfOptionSpec<V, string | undefined>>(
    values: readonly V[],
    spec?: S,
  ) {
    const byLower = new Map(values.map((value) => [value.toLowerCase(), value]));
    return make<V, S>(spec, 'scalar', (value: string, context) => {
      const found = byLower.get(value.toLowerCase());
      if (found === undefined)
        throw context.error(`expected one of ${values.join(', ')}; got "${context.shown(value)}"`);
      return found;
    });
  },
  /**
   * Every value of the option (repeated, and comma-separated unless `split: false`), trimmed,
   * empty items dropped; no items counts as unset. `parse` maps the items (default: kept).
   */
  list<
    const S extends ConfOptionSpec<unknown[], string | undefined> & {
      split?: boolean;
      parse?: (items: string[], context: ConfValueContext) => unknown[];
    },
  >(spec?: S) {
    type T = S extends { parse: (items: string[], context: ConfValueContext) => (infer I)[] } ? I : string;
    const parse = spec?.parse ?? ((items: string[]) => items);
    return make<T[], S>(
      spec,
      'list',
      parse as (items: string[], context: ConfValueContext) => T[],
      spec?.split ?? true,
    );
  },
  /** `500ms`, `10s`, `2m`, `1h`, or a bare number in `unit` (default `s`); produced in milliseconds. */
  duration<
    const S extends ConfOptionSpec<number, string | undefined> & {
      unit?: 'ms' | 's' | 'm' | 'h';
      minMs?: number;
      maxMs?: number;
    },
  >(spec?: S) {
    const minMs = spec?.minMs ?? 0;
    const maxMs = spec?.maxMs ?? Number.MAX_SAFE_INTEGER;
    return make<number, S>(spec, 'scalar', (value: string, context) => {
      const ms = confDurationMs(value, spec?.unit ?? 's');
      if (ms === undefined || ms < minMs || ms > maxMs)
        throw context.error(
          `expected a duration (such as 500ms, 10s, 2m) from ${minMs} ms${spec?.maxMs === undefined ? '' : ` to ${maxMs} ms`}, got "${context.shown(value)}"`,
        );
      return ms;
    });
  },
  /** Any value form: `parse` returns the value or throws `context.error(...)`. */
  custom<T, const S extends ConfOptionSpec<T, string | undefined> = ConfOptionSpec<T, undefined>>(
    parse: (value: string, context: ConfValueContext) => T,
    spec?: S,
  ) {
    return make<T, S>(spec, 'scalar', parse);
  },
  /**
   * Accepted without effect here. With `warning`, each appearance is reported as
   * `file:line [section]: <section kind> option "name" ignored: <warning>`; without, it is quiet.
   */
  ignored(
    warning?: string,
    spec: { aliases?: readonly string[] } = {},
  ): ConfOption<never, undefined, false, 'ignored'> {
    return {
      status: 'ignored',
      to: undefined,
      aliases: (spec.aliases ?? []).map((alias) => alias.toLowerCase()),
      kind: 'scalar',
      split: false,
      keepEmpty: false,
      default: undefined,
      required: undefined,
      warning,
      parse: () => undefined as never,
    };
  },
};

// biome-ignore lint/suspicious/noExplicitAny: any option, whatever it produces
export type AnyConfOption = ConfOption<any, string | undefined, boolean, 'used' | 'ignored'>;
export type ConfOptions = Record<string, AnyConfOption>;

/** A section type's options, ready for `readConfSection`. */
export interface ConfSectionSchema<O extends ConfOptions = ConfOptions> {
  /** Names the section type in warnings (`unknown <kind> option "x" kept and ignored`). */
  readonly kind: string;
  readonly options: O;
  /** @internal lower-case name or alias → option. */
  readonly lookup: ReadonlyMap<string, CompiledOption>;
  /** @internal used options in schema order. */
  readonly used: readonly CompiledOption[];
}

interface CompiledOption {
  name: string;
  property: string;
  index: number;
  option: AnyConfOption;
}

type PropertyOf<O extends ConfOptions, K extends keyof O> = O[K]['to'] extends string
  ? O[K]['to']
  : K & string;
type ValueOf<X> = X extends ConfOption<infer T, string | undefined, boolean, 'used'> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The object `readConfSection` produces for a schema's options. */
export type ConfSectionValues<O extends ConfOptions> = Simplify<
  {
    [K in keyof O as O[K]['status'] extends 'ignored'
      ? never
      : O[K] extends ConfOption<unknown, string | undefined, true>
        ? PropertyOf<O, K>
        : never]: ValueOf<O[K]>;
  } & {
    [K in keyof O as O[K]['status'] extends 'ignored'
      ? never
      : O[K] extends ConfOption<unknown, string | undefined, true>
        ? never
        : PropertyOf<O, K>]?: ValueOf<O[K]>;
  }
>;

/** A declarative section type: each option's name, aliases, value form, default and status. */
export function defineConfSection<const O extends ConfOptions>(
  kind: string,
  options: O,
): ConfSectionSchema<O> {
  const lookup = new Map<string, CompiledOption>();
  const used: CompiledOption[] = [];
  for (const [name, option] of Object.entries(options)) {
    const compiled: CompiledOption = { name, property: option.to ?? name, index: -1, option };
    if (option.status === 'used') {
      compiled.index = used.length;
      used.push(compiled);
    }
    for (const spelling of [name.toLowerCase(), ...option.aliases]) {
      if (lookup.has(spelling))
        throw new MsgError(
          ErrorCode.InvalidArgument,
          `conf schema ${kind}: option "${spelling}" is defined twice`,
        );
      lookup.set(spelling, compiled);
    }
  }
  return { kind, options, lookup, used };
}

export interface ReadConfSectionOptions {
  /** Code of every error (each loader has its own, such as `ERR_MSG_PJSIP_CONFIG`). */
  errorCode: string;
  /** Where warnings go: unknown options, ignored options with a warning, and `context.warn`. */
  warnings: string[];
}

/**
 * Reads one section with a schema, in one pass over its entries: unknown options become warnings
 * naming file and line (`file:line [section]: unknown <kind> option "x" kept and ignored`), ignored
 * ones are accepted (with their warning, if any), used ones are parsed (errors carry file, line
 * and the loader's code, never a secret's value) and stored under their property, in schema order.
 */
export function readConfSection<O extends ConfOptions>(
  section: ConfSection,
  schema: ConfSectionSchema<O>,
  options: ReadConfSectionOptions,
): ConfSectionValues<O> {
  const { warnings, errorCode } = options;
  const found: (ConfEntry | ConfEntry[] | undefined)[] = new Array(schema.used.length);
  // Indexed loops: a cold load reads 10,000 sections before this is compiled, and for...of
  // allocates an iterator result per step until then.
  const entries = section.entries;
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const key = entry.key.toLowerCase();
    const compiled = schema.lookup.get(key);
    if (compiled === undefined) {
      warnings.push(
        `${entry.file}:${entry.line} [${section.name}]: unknown ${schema.kind} option "${entry.key}" kept and ignored`,
      );
      continue;
    }
    const { option, index } = compiled;
    if (option.status === 'ignored') {
      if (option.warning !== undefined)
        warnings.push(
          `${entry.file}:${entry.line} [${section.name}]: ${schema.kind} option "${entry.key}" ignored: ${option.warning}`,
        );
      continue;
    }
    if (option.kind === 'list') {
      const list = found[index] as ConfEntry[] | undefined;
      if (list === undefined) found[index] = [entry];
      else list.push(entry);
    } else {
      found[index] = entry;
    }
  }

  const result: Record<string, unknown> = {};
  const used = schema.used;
  for (let u = 0; u < used.length; u++) {
    const compiled = used[u]!;
    const { option, property } = compiled;
    const slot = found[compiled.index];
    let value: unknown;
    if (option.kind === 'list') {
      const entries = slot as ConfEntry[] | undefined;
      if (entries !== undefined) {
        const items = listItems(entries, option.split);
        if (items.length > 0) {
          const context = new ValueContext(
            section,
            entries[entries.length - 1]!,
            compiled,
            errorCode,
            warnings,
          );
          value = (option.parse as (items: string[], context: ConfValueContext) => unknown)(items, context);
          if (Array.isArray(value) && value.length === 0) value = undefined;
        }
      }
    } else {
      const entry = slot as ConfEntry | undefined;
      if (entry !== undefined && (entry.value !== '' || option.keepEmpty)) {
        const context = new ValueContext(section, entry, compiled, errorCode, warnings);
        value = (option.parse as (value: string, context: ConfValueContext) => unknown)(entry.value, context);
      }
    }
    // A default list is copied, so that no two results share it.
    if (value === undefined) value = Array.isArray(option.default) ? [...option.default] : option.default;
    if (value === undefined && option.required !== undefined) {
      const last = lastEntry(section, compiled);
      throw new MsgError(errorCode, `[${section.name}] ${compiled.name}: ${option.required}`, {
        file: last?.file ?? section.file,
        line: last?.line ?? section.line,
      });
    }
    if (value !== undefined) result[property] = value;
  }
  return result as ConfSectionValues<O>;
}

/**
 * A list option's items: every entry's value (split at commas when `split`), trimmed, empty ones
 * dropped. Sized exactly: the default parse keeps this array in the loaded config, and one grown
 * by push() keeps room for 17 items (10,000 endpoints with aors= and outbound_auth= held 2.5 MB
 * of empty slots).
 */
function listItems(entries: readonly ConfEntry[], split: boolean): string[] {
  if (entries.length === 1) {
    const { value } = entries[0]!;
    // The common case, one value without a comma: no split() array and no growing.
    if (!split || !value.includes(',')) {
      const item = split ? value.trim() : value;
      return item === '' ? [] : [item];
    }
  }
  const items: string[] = [];
  for (let e = 0; e < entries.length; e++) {
    const { value } = entries[e]!;
    if (!split) {
      if (value !== '') items.push(value);
      continue;
    }
    const parts = value.split(',');
    for (let p = 0; p < parts.length; p++) {
      const trimmed = parts[p]!.trim();
      if (trimmed !== '') items.push(trimmed);
    }
  }
  return items.slice();
}

/**
 * Only the warnings `readConfSection` would give about option names (unknown ones, and ignored
 * ones that carry a warning), without reading any value: for a section the loader skips.
 */
export function checkConfOptionNames(
  section: ConfSection,
  schema: ConfSectionSchema,
  warnings: string[],
): void {
  for (const entry of section.entries) {
    const compiled = schema.lookup.get(entry.key.toLowerCase());
    if (compiled === undefined)
      warnings.push(
        `${entry.file}:${entry.line} [${section.name}]: unknown ${schema.kind} option "${entry.key}" kept and ignored`,
      );
    else if (compiled.option.status === 'ignored' && compiled.option.warning !== undefined)
      warnings.push(
        `${entry.file}:${entry.line} [${section.name}]: ${schema.kind} option "${entry.key}" ignored: ${compiled.option.warning}`,
      );
  }
}

/** `file:line [name]` of a section, as warnings about a whole section start. */
export function confSectionPlace(section: ConfSection): string {
  return `${section.file}:${section.line} [${section.name}]`;
}

function spelledAs(schema: CompiledOption, key: string): boolean {
  return key === schema.name.toLowerCase() || schema.option.aliases.includes(key);
}

function lastEntry(section: ConfSection, compiled: CompiledOption): ConfEntry | undefined {
  for (let i = section.entries.length - 1; i >= 0; i--) {
    const entry = section.entries[i]!;
    if (spelledAs(compiled, entry.key.toLowerCase())) return entry;
  }
  return undefined;
}

/** One per value read: methods on the prototype, so that reading allocates little. */
class ValueContext implements ConfValueContext {
  constructor(
    readonly section: ConfSection,
    readonly entry: ConfEntry,
    readonly compiled: CompiledOption,
    readonly errorCode: string,
    readonly warnings: string[],
  ) {}

  get key(): string {
    return this.entry.key.toLowerCase();
  }

  /** Worked out only when a value is shown or an error made: most values are read without either. */
  get #secret(): boolean {
    return isSecretKey(this.key) || isSecretKey(this.compiled.name);
  }

  shown(value: string): string {
    return this.#secret ? '***' : value;
  }

  warn(message: string): void {
    this.warnings.push(`${this.entry.file}:${this.entry.line} [${this.section.name}]: ${message}`);
  }

  error(message: string): MsgError {
    let safe = message;
    // A parser may quote the value; for a secret-like option every value it has is masked.
    if (this.#secret)
      for (const other of this.section.entries)
        if (other.value !== '' && spelledAs(this.compiled, other.key.toLowerCase()))
          safe = safe.replaceAll(other.value, '***');
    return new MsgError(this.errorCode, `[${this.section.name}] ${this.key}: ${safe}`, {
      file: this.entry.file,
      line: this.entry.line,
    });
  }
}
