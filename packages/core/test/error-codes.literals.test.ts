import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SendStatus } from '../src/index.js';

/**
 * Every error, reason and delivery code is written once, in the package's errors.ts or reasons.ts,
 * and used through its exported constant everywhere else (packages/<pkg>/src/**).
 */
const packages = fileURLToPath(new URL('../..', import.meta.url));
const DEFINES_CODES = new Set(['errors.ts', 'reasons.ts']);
const STATUSES = new Set<string>(Object.values(SendStatus));
/** The shape of a code: upper snake case (ERR_MSG_..., SIP_..., XMPP_..., TECH_..., DRY_RUN). */
const CODE_SHAPE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Node.js's own error codes (ERR_PARSE_ARGS_..., ERR_TLS_...), compared against, never ours. */
const NODE_CODE = /^ERR_(?!MSG_)/;

/** Code literals allowed in a file (none today): a count may only go down. */
const STRAY_ALLOWED: Record<string, Record<string, number>> = {
  // An environment variable's name, shaped like a code but not one.
  'cli/src/config-dir.ts': { MESSAGESEND_CONFIG_DIR: 1 },
  'cli/src/commands/serve.ts': { MESSAGESEND_REDIS_URL: 1 },
};

/** `reason: '<status name>'`: a status is not a reason code. */
const STATUS_AS_REASON_ALLOWED: Record<string, number> = {};

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const entry of readdirSync(packages, { withFileTypes: true })) {
    const src = join(packages, entry.name, 'src');
    if (entry.isDirectory() && readdirSync(join(packages, entry.name)).includes('src')) walk(src);
  }
  return files.sort();
}

interface Literal {
  text: string;
  /** Set when the literal is the value of a `reason:` property. */
  reason: boolean;
}

function literals(file: string): Literal[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const parent = node.parent;
      const reason =
        ts.isPropertyAssignment(parent) &&
        parent.initializer === node &&
        (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name)) &&
        parent.name.text === 'reason';
      found.push({ text: node.text, reason });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = sourceFiles().map((path) => ({ path, name: relative(packages, path).split('\\').join('/') }));

describe('error codes are used only through their exported constants', () => {
  it('finds the source files and the code definitions', () => {
    expect(files.some((file) => file.name === 'core/src/reasons.ts')).toBe(true);
    expect(files.filter((file) => DEFINES_CODES.has(basename(file.path))).length).toBeGreaterThanOrEqual(6);
  });

  it('no code string literal outside errors.ts / reasons.ts', () => {
    // One-word codes (ABORTED, UNSPECIFIED) are codes because a definition file says so.
    const oneWord = new Set(
      files
        .filter((file) => DEFINES_CODES.has(basename(file.path)))
        .flatMap((file) => literals(file.path).map((literal) => literal.text))
        .filter((text) => /^[A-Z][A-Z0-9]+$/.test(text)),
    );
    const isCode = (text: string): boolean =>
      !STATUSES.has(text) && !NODE_CODE.test(text) && (CODE_SHAPE.test(text) || oneWord.has(text));
    const stray: Record<string, Record<string, number>> = {};
    for (const file of files) {
      if (DEFINES_CODES.has(basename(file.path))) continue;
      for (const { text } of literals(file.path)) {
        if (!isCode(text)) continue;
        stray[file.name] ??= {};
        const counts = stray[file.name]!;
        counts[text] = (counts[text] ?? 0) + 1;
      }
    }
    const beyond = Object.entries(stray).flatMap(([name, counts]) =>
      Object.entries(counts)
        .filter(([code, count]) => count > (STRAY_ALLOWED[name]?.[code] ?? 0))
        .map(([code, count]) => `${name}: '${code}' x${count}`),
    );
    expect(beyond).toEqual([]);
  });

  it('no status name given as a reason', () => {
    const beyond = files.flatMap((file) => {
      const count = literals(file.path).filter(
        (literal) => literal.reason && STATUSES.has(literal.text),
      ).length;
      return count > (STATUS_AS_REASON_ALLOWED[file.name] ?? 0) ? [`${file.name}: ${count}`] : [];
    });
    expect(beyond).toEqual([]);
  });
});
