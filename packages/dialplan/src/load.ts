/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { readFileSync } from 'node:fs';
import { type AsteriskConf, ErrorCode, isMsgError, MsgError, parseAsteriskConf } from '@messagesend/core';
import { isKnownApp } from './apps/registry.js';
import { DialplanCode, DialplanErrorCode, type DialplanWarning } from './errors.js';
import { isKnownFunction } from './functions/registry.js';
import { addExtension, type Context, Dialplan, type Extension } from './model.js';

export interface LoadDialplanOptions {
  /** The extensions.conf text. */
  text: string;
  /** Name used in warnings, and the base for relative `#include` paths (default `extensions.conf`). */
  fileName?: string;
  /** Reads an `#include`d file by its resolved path; throw when it does not exist (default: node:fs). */
  readFile?: (path: string) => string;
}

export interface LoadedDialplan {
  dialplan: Dialplan;
  /** Every problem found, each with file and line; the rest of the file is loaded. */
  warnings: DialplanWarning[];
}

/** Bound on the reader's retries: each retry skips one bad line. */
const MAX_SKIPPED_LINES = 10_000;

/**
 * Loads extensions.conf with the shared `.conf` reader. Like Asterisk, a bad line is reported
 * (file and line) and skipped; the rest of the file loads. Never throws for the file's content.
 */
export function loadDialplan(options: LoadDialplanOptions): LoadedDialplan {
  if (typeof options?.text !== 'string')
    throw new MsgError(DialplanErrorCode.Config, 'loadDialplan needs { text: string }');
  const fileName = options.fileName ?? 'extensions.conf';
  const warnings: DialplanWarning[] = [];
  const conf = readTolerantly(options.text, fileName, options.readFile ?? readUtf8, warnings);
  const dialplan = new Dialplan();
  buildDialplan(conf, dialplan, warnings);
  return { dialplan, warnings };
}

/** Reads an extensions.conf from disk (its `#include`s relative to it). */
export function loadDialplanFile(
  path: string,
  options: Omit<LoadDialplanOptions, 'text' | 'fileName'> = {},
): LoadedDialplan {
  const readFile = options.readFile ?? readUtf8;
  let text: string;
  try {
    text = readFile(path);
  } catch (cause) {
    throw new MsgError(DialplanErrorCode.Config, `cannot read ${path}: ${(cause as Error).message}`, {
      cause,
      file: path,
    });
  }
  return loadDialplan({ text, fileName: path, readFile });
}

/**
 * The shared reader stops at the first error; Asterisk logs the line and goes on. So each
 * line the reader refuses is replaced (a bad `[section]` header by a section nobody can reach,
 * so its lines do not fall into the previous context) and the file is read again.
 */
function readTolerantly(
  text: string,
  fileName: string,
  readFile: (path: string) => string,
  warnings: DialplanWarning[],
): AsteriskConf {
  const replaced = new Map<string, Map<number, string>>();
  const patch = (file: string, content: string): string => {
    const lines = replaced.get(file);
    if (!lines) return content;
    const all = content.split(/\r?\n/);
    for (const [line, replacement] of lines) if (line <= all.length) all[line - 1] = replacement;
    return all.join('\n');
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const conf = parseAsteriskConf(patch(fileName, text), {
        file: fileName,
        readFile: (path) => patch(path, readFile(path)),
      });
      for (const message of conf.warnings) warnings.push({ code: DialplanCode.Syntax, message });
      return conf;
    } catch (error) {
      const known =
        isMsgError(error) &&
        error.file !== undefined &&
        error.line !== undefined &&
        attempt < MAX_SKIPPED_LINES &&
        !replaced.get(error.file)?.has(error.line);
      if (!known) {
        // Not a line the reader can point at (a readFile that returned no text...): report, load nothing.
        warnings.push({
          code: DialplanCode.Syntax,
          message: `cannot read ${fileName}: ${(error as Error)?.message}`,
        });
        return { sections: [], templates: new Map(), warnings: [] };
      }
      const file = error.file!;
      const line = error.line!;
      const code = error.code === ErrorCode.ConfInclude ? DialplanCode.Include : DialplanCode.Syntax;
      warnings.push({ code, message: `${error.message}; line skipped`, file, line });
      const original = (file === fileName ? text : safeRead(readFile, file)).split(/\r?\n/)[line - 1] ?? '';
      const lines = replaced.get(file) ?? new Map<number, string>();
      lines.set(line, original.trim().startsWith('[') ? `[${UNREACHABLE_PREFIX}${file}:${line}]` : '');
      replaced.set(file, lines);
    }
  }
}

/** Sections named so are the stand-ins for bad `[...]` headers: never contexts. */
const UNREACHABLE_PREFIX = '\u0000skipped:';

function safeRead(readFile: (path: string) => string, path: string): string {
  try {
    return readFile(path);
  } catch {
    return '';
  }
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

interface LastLine {
  context: Context;
  extension: Extension;
  priority: number;
}

function buildDialplan(conf: AsteriskConf, dialplan: Dialplan, warnings: DialplanWarning[]): void {
  for (const section of conf.sections) {
    if (section.name.startsWith(UNREACHABLE_PREFIX)) continue;
    const lower = section.name.toLowerCase();
    if (lower === 'general') continue;
    if (lower === 'globals') {
      for (const entry of section.entries) dialplan.globals.set(entry.key, entry.value);
      continue;
    }
    let context = dialplan.contexts.get(section.name);
    if (!context) {
      context = { name: section.name, extensions: [], includes: [] };
      dialplan.contexts.set(section.name, context);
    }
    let last: LastLine | undefined;
    for (const entry of section.entries) {
      const where = { file: entry.file, line: entry.line };
      const warn = (code: DialplanCode, message: string): void => {
        warnings.push({ code, message: `[${section.name}] ${message}`, ...where });
      };
      const key = entry.key.toLowerCase();
      if (key === 'include') {
        if (entry.value === '') warn(DialplanCode.Syntax, 'include => needs a context name');
        else {
          const [name, ...timing] = entry.value.split(',');
          context.includes.push(name!.trim());
          if (timing.length > 0)
            warn(
              DialplanCode.Unsupported,
              `include time conditions are not supported; ${name!.trim()} is always included`,
            );
        }
      } else if (key === 'exten' || key === 'same') {
        last = addLine(context, key === 'same', entry.value, last, where, warn) ?? last;
      } else if (key === 'switch' || key === 'lswitch' || key === 'eswitch' || key === 'ignorepat') {
        warn(DialplanCode.Unsupported, `${entry.key} => is not supported; line ignored`);
      } else {
        warn(DialplanCode.Syntax, `unknown keyword "${entry.key}"; line ignored`);
      }
    }
  }
  for (const context of dialplan.contexts.values())
    for (const include of context.includes)
      if (!dialplan.contexts.has(include))
        warnings.push({
          code: DialplanCode.Include,
          message: `[${context.name}] includes context "${include}", which does not exist`,
        });
}

const PRIORITY = /^(?:(\d+)|n(?:\+(\d+))?)(?:\(([^)]*)\))?$/i;

function addLine(
  context: Context,
  same: boolean,
  value: string,
  last: LastLine | undefined,
  where: { file: string; line: number },
  warn: (code: DialplanCode, message: string) => void,
): LastLine | undefined {
  const parts = splitFirst(value, same ? 1 : 2);
  let name: string;
  let priorityText: string;
  let application: string;
  if (same) {
    if (!last || last.context !== context) {
      warn(DialplanCode.Syntax, 'same => before any exten => in this context; line ignored');
      return undefined;
    }
    name = last.extension.name;
    [priorityText, application] = [parts[0]!.trim(), parts[1] ?? ''];
  } else {
    [name, priorityText, application] = [parts[0]!.trim(), (parts[1] ?? '').trim(), parts[2] ?? ''];
  }
  if (name === '' || priorityText === '') {
    warn(DialplanCode.Syntax, `expected "exten => name,priority,Application(data)", got "${value}"`);
    return undefined;
  }
  if (name.includes('/')) {
    warn(DialplanCode.Unsupported, `caller ID matching (${name}) is not supported; line ignored`);
    return undefined;
  }
  if (priorityText.toLowerCase() === 'hint') return last;
  const match = PRIORITY.exec(priorityText);
  if (!match) {
    warn(DialplanCode.Syntax, `priority "${priorityText}" is not a number, n, n+N or either with (label)`);
    return undefined;
  }
  // pbx_config: `n` is the previous line's priority + 1, whatever its extension, within the context.
  const previous = last && last.context === context ? last : undefined;
  let priority: number;
  if (match[1] !== undefined) priority = Number(match[1]);
  else {
    if (!previous) {
      warn(DialplanCode.Syntax, `priority "${priorityText}" with no earlier line in this context`);
      return undefined;
    }
    priority = previous.priority + 1 + (match[2] === undefined ? 0 : Number(match[2]));
  }
  if (priority < 1) {
    warn(DialplanCode.Syntax, 'priorities start at 1');
    return undefined;
  }
  let extension = context.extensions.find((candidate) => candidate.name === name);
  if (!extension) {
    extension = { name, steps: new Map(), labels: new Map() };
    addExtension(context, extension);
  }
  const { app, data } = splitApplication(application.trim());
  if (extension.steps.has(priority)) {
    warn(DialplanCode.Syntax, `${name},${priority} already exists; this one is ignored`);
    return { context, extension, priority };
  }
  const label = match[3]?.trim() || undefined;
  extension.steps.set(priority, {
    priority,
    app,
    data,
    file: where.file,
    line: where.line,
    ...(label && { label }),
  });
  if (label) extension.labels.set(label, priority);
  if (app === '') warn(DialplanCode.Syntax, `${name},${priority} has no application`);
  for (const called of appNames(app, data))
    if (!isKnownApp(called))
      warn(
        DialplanCode.UnknownApp,
        `application ${called}() is not implemented; reaching ${name},${priority} ends the run`,
      );
  for (const fn of functionNames(app, data))
    if (!isKnownFunction(fn))
      warn(DialplanCode.UnknownFunction, `function ${fn}() is not implemented; it reads as empty`);
  return { context, extension, priority };
}

/** Splits at the first `count` commas (not inside brackets, which pattern names use). */
function splitFirst(value: string, count: number): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length && parts.length < count; i++) {
    const c = value[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** `App(data)`, the old `App,data`, or `App`, as pbx_config reads them. */
export function splitApplication(text: string): { app: string; data: string } {
  const paren = text.indexOf('(');
  const comma = text.indexOf(',');
  if (paren >= 0 && (comma < 0 || paren < comma)) {
    const close = text.lastIndexOf(')');
    const data = close > paren ? text.slice(paren + 1, close) : text.slice(paren + 1);
    return { app: text.slice(0, paren).trim(), data };
  }
  if (comma >= 0) return { app: text.slice(0, comma).trim(), data: text.slice(comma + 1) };
  return { app: text, data: '' };
}

/** The step's application, and for ExecIf the applications in its branches. */
function appNames(app: string, data: string): string[] {
  if (app === '') return [];
  if (app.toLowerCase() !== 'execif') return [app];
  return [app, ...[...data.matchAll(/[?:]\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((match) => match[1]!)];
}

const FUNCTION_CALL = /\$\{([A-Za-z_][A-Za-z0-9_]*)\(/g;

/** Function names a step calls: `${NAME(` anywhere, and Set's `NAME(...)=` targets. */
function functionNames(app: string, data: string): Set<string> {
  const names = new Set<string>();
  for (const match of data.matchAll(FUNCTION_CALL)) names.add(match[1]!.toUpperCase());
  if (app.toLowerCase() === 'set') {
    const target = /^\s*([A-Za-z_][A-Za-z0-9_]*)\(/.exec(data.split('=')[0] ?? '');
    if (target) names.add(target[1]!.toUpperCase());
  }
  return names;
}
