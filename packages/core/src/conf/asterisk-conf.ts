import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ErrorCode, MsgError } from '../errors.js';
import { maskConfLine } from './secret-keys.js';

export interface ConfEntry {
  key: string;
  value: string;
  file: string;
  line: number;
  /** True when the entry came from a template. */
  inherited: boolean;
}

export interface ConfSection {
  name: string;
  /** Inherited entries first (in template order), then the section's own, repeated keys kept in order. */
  entries: ConfEntry[];
  /** Templates this section inherits from. */
  templates: string[];
  file: string;
  line: number;
}

export interface AsteriskConf {
  /** Every non-template section in file order; sections sharing a name stay separate. */
  sections: ConfSection[];
  /** Template sections (`[name](!)`) by name. */
  templates: Map<string, ConfSection>;
  warnings: string[];
}

export interface ParseConfOptions {
  /** Name used in errors, and the base for relative `#include` paths. */
  file?: string;
  /** Reads an included file (default: node:fs, UTF-8). */
  readFile?: (path: string) => string;
}

const MAX_INCLUDE_DEPTH = 16;
const NO_FLAGS: readonly string[] = [];
const SECTION = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$/;

/**
 * Reads Asterisk's .conf format: sections, `key=value` and `key => value`, `;` comments, `\;`
 * escapes, `;-- --;` block comments, templates `[t](!)`, inheritance `[s](t1,t2)`, additions
 * `[s](+)`, and `#include`/`#tryinclude` relative to the including file. Errors carry file and line.
 */
export function parseAsteriskConf(text: string, options: ParseConfOptions = {}): AsteriskConf {
  const conf: AsteriskConf = { sections: [], templates: new Map(), warnings: [] };
  const state: ParserState = { conf, current: undefined, readFile: options.readFile ?? readUtf8, stack: [] };
  parseInto(state, text, options.file ?? '<config>');
  return conf;
}

/** Reads and parses a .conf file from disk. */
export function parseAsteriskConfFile(
  path: string,
  options: Omit<ParseConfOptions, 'file'> = {},
): AsteriskConf {
  const readFile = options.readFile ?? readUtf8;
  let text: string;
  try {
    text = readFile(path);
  } catch (cause) {
    throw new MsgError(ErrorCode.ConfInclude, `cannot read ${path}: ${(cause as Error).message}`, {
      cause,
      file: path,
    });
  }
  return parseAsteriskConf(text, { file: path, readFile });
}

/** The last value of `key` (case-insensitive) in a section, or undefined. */
export function confValue(section: ConfSection, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (let i = section.entries.length - 1; i >= 0; i--) {
    const entry = section.entries[i]!;
    if (entry.key.toLowerCase() === wanted) return entry.value;
  }
  return undefined;
}

/** Every value of `key` (case-insensitive) in a section, in order. */
export function confValues(section: ConfSection, key: string): string[] {
  const wanted = key.toLowerCase();
  return section.entries.filter((entry) => entry.key.toLowerCase() === wanted).map((entry) => entry.value);
}

interface ParserState {
  conf: AsteriskConf;
  current: ConfSection | undefined;
  readFile: (path: string) => string;
  stack: string[];
}

function parseInto(state: ParserState, text: string, file: string): void {
  state.stack.push(file);
  let inBlockComment = false;
  // Line by line with indexOf rather than split(): a 10,000-endpoint file would otherwise keep an
  // array of every line alive (and copied by each young-generation GC) for the whole parse.
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    lineNo++;
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let raw = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (inBlockComment) {
      const close = raw.indexOf('--;');
      if (close < 0) continue;
      raw = raw.slice(close + 3);
      inBlockComment = false;
    }
    const open = raw.indexOf(';--');
    if (open >= 0 && !isEscaped(raw, open)) {
      const close = raw.indexOf('--;', open + 3);
      if (close < 0) {
        inBlockComment = true;
        raw = raw.slice(0, open);
      } else {
        raw = raw.slice(0, open) + raw.slice(close + 3);
      }
    }
    const line = stripComment(raw).trim();
    if (line === '') continue;
    if (line.startsWith('#')) directive(state, line, file, lineNo);
    else if (line.startsWith('[')) section(state, line, file, lineNo);
    else entry(state, line, file, lineNo);
  }
  if (inBlockComment) state.conf.warnings.push(`${file}: block comment ";--" is never closed`);
  state.stack.pop();
}

function directive(state: ParserState, line: string, file: string, lineNo: number): void {
  const match = /^#(include|tryinclude|exec|tryexec)\s+(.+)$/.exec(line);
  if (!match)
    throw new MsgError(ErrorCode.ConfSyntax, `unknown directive "${maskConfLine(line)}"`, {
      file,
      line: lineNo,
    });
  const [, kind, argument] = match as unknown as [string, string, string];
  if (kind === 'exec' || kind === 'tryexec') {
    state.conf.warnings.push(`${file}:${lineNo}: #${kind} is not supported; ignored`);
    return;
  }
  const target = argument.trim().replace(/^["<](.*)[">]$/, '$1');
  const path = resolve(file.startsWith('<') ? process.cwd() : dirname(file), target);
  if (state.stack.includes(path) || state.stack.length > MAX_INCLUDE_DEPTH) {
    throw new MsgError(ErrorCode.ConfInclude, `#include loop through ${path}`, { file, line: lineNo });
  }
  let text: string;
  try {
    text = state.readFile(path);
    // A readFile option that returns something else must fail here, not parse as empty.
    if (typeof text !== 'string') throw new TypeError(`readFile returned ${typeof text}, not text`);
  } catch (cause) {
    if (kind === 'tryinclude') return;
    throw new MsgError(ErrorCode.ConfInclude, `cannot read included file ${path}`, {
      cause,
      file,
      line: lineNo,
    });
  }
  parseInto(state, text, path);
}

function section(state: ParserState, line: string, file: string, lineNo: number): void {
  let name: string;
  let flags: readonly string[] = NO_FLAGS;
  // `[name]` with no flags, most headers, is read without the regex (no match array per section):
  // the only `]` is the last character, so SECTION would match it with no flags group.
  if (line.length > 2 && line.indexOf(']') === line.length - 1) name = line.slice(1, -1).trim();
  else {
    const match = SECTION.exec(line);
    if (!match)
      throw new MsgError(ErrorCode.ConfSyntax, `malformed section header "${maskConfLine(line)}"`, {
        file,
        line: lineNo,
      });
    name = match[1]!.trim();
    if (match[2] !== undefined)
      flags = match[2]
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
  }
  const { conf } = state;

  if (flags.includes('+')) {
    const existing = [...conf.sections].reverse().find((s) => s.name === name) ?? conf.templates.get(name);
    if (!existing) {
      throw new MsgError(ErrorCode.ConfTemplate, `[${name}](+) adds to a section that does not exist`, {
        file,
        line: lineNo,
      });
    }
    compact(state.current);
    state.current = existing;
    return;
  }
  const templates = flags.length === 0 ? [] : flags.filter((flag) => flag !== '!');
  const created: ConfSection = { name, entries: [], templates, file, line: lineNo };
  for (const templateName of templates) {
    const template = conf.templates.get(templateName);
    if (!template) {
      throw new MsgError(
        ErrorCode.ConfTemplate,
        `[${name}] inherits from unknown template "${templateName}"`,
        {
          file,
          line: lineNo,
        },
      );
    }
    // Field by field, not a spread: one hidden class for every entry (see create-router.ts).
    for (const entry of template.entries)
      created.entries.push({
        key: entry.key,
        value: entry.value,
        file: entry.file,
        line: entry.line,
        inherited: true,
      });
  }
  if (flags.includes('!')) conf.templates.set(name, created);
  else conf.sections.push(created);
  compact(state.current);
  state.current = created;
}

function entry(state: ParserState, line: string, file: string, lineNo: number): void {
  const eq = line.indexOf('=');
  if (eq < 0)
    throw new MsgError(ErrorCode.ConfSyntax, `expected "key = value", got "${maskConfLine(line)}"`, {
      file,
      line: lineNo,
    });
  const key = line.slice(0, eq).trim();
  const value = line.slice(line.charAt(eq + 1) === '>' ? eq + 2 : eq + 1).trim();
  if (key === '')
    throw new MsgError(ErrorCode.ConfSyntax, 'option with an empty name', { file, line: lineNo });
  if (!state.current) {
    throw new MsgError(ErrorCode.ConfSyntax, `option "${key}" appears before any [section]`, {
      file,
      line: lineNo,
    });
  }
  state.current.entries.push({ key, value, file, line: lineNo, inherited: false });
}

/**
 * The section left behind gets an array of its own size: one grown by push() keeps room for 17
 * entries, and every section stays alive until the whole file is read (10,000 endpoints with
 * their AORs: 2.3 MB of empty slots, enough to cost a cold load a full collection).
 */
function compact(section: ConfSection | undefined): void {
  if (section !== undefined && section.entries.length > 0) section.entries = section.entries.slice();
}

/** Cuts at the first unescaped `;` and turns `\;` into `;`. */
function stripComment(line: string): string {
  let semicolon = line.indexOf(';');
  if (semicolon < 0) return line;
  while (semicolon >= 0 && isEscaped(line, semicolon)) semicolon = line.indexOf(';', semicolon + 1);
  const kept = semicolon < 0 ? line : line.slice(0, semicolon);
  return kept.replace(/\\;/g, ';');
}

function isEscaped(line: string, index: number): boolean {
  return index > 0 && line.charCodeAt(index - 1) === 92;
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
