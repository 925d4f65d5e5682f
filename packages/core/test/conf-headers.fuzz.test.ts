import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isMsgError, parseAsteriskConf } from '../src/index.js';

// The section header grammar as one pattern: the reference that the parser's regex-free path for
// `[name]` (asterisk-conf.ts reads most headers without the pattern) must agree with.
const HEADER = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$/;

type Read = { name: string; templates: string[] } | 'syntax error' | 'template error';

/** What the grammar says of a header line. Flags other than `!` name templates, none defined here. */
function byGrammar(line: string): Read {
  const match = HEADER.exec(line.trim());
  if (!match) return 'syntax error';
  const flags = (match[2] ?? '')
    .split(',')
    .map((flag) => flag.trim())
    .filter(Boolean);
  // `+` adds to an earlier section and any other flag names a template: here there are neither.
  if (flags.some((flag) => flag !== '!')) return 'template error';
  return { name: match[1]!.trim(), templates: [] };
}

function byParser(line: string): Read {
  try {
    const conf = parseAsteriskConf(`${line}\nk=v\n`);
    const section = conf.sections[0] ?? [...conf.templates.values()][0]!;
    return { name: section.name, templates: section.templates };
  } catch (error) {
    if (isMsgError(error) && error.code === ErrorCode.ConfSyntax) return 'syntax error';
    if (isMsgError(error) && error.code === ErrorCode.ConfTemplate) return 'template error';
    throw error;
  }
}

describe('section headers', () => {
  it('are read as the header grammar reads them, with or without flags', () => {
    const unit = fc.constantFrom('[', ']', '(', ')', ' ', ',', 'a', 'b', '!', '+');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (inner) => {
        const line = `[${inner}`;
        expect(byParser(line)).toEqual(byGrammar(line));
      }),
      { numRuns: 3000 },
    );
  });
});
