import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../src/index.js';

// Results as main/ast_expr2.y defines them (README of the expression parser and its op_* functions).
const cases: Array<[expression: string, result: string, warns?: boolean]> = [
  ['1 + 2', '3'],
  ['1+2*3', '7'], // * binds tighter than +
  ['(1+2)*3', '9'],
  ['7 / 2', '3.5'], // numbers are floating point since Asterisk 1.6
  ['7 % 3', '1'],
  ['-5 + 1', '-4'],
  ['10 - 2 - 3', '5'], // left associative
  ['2 = 2', '1'],
  ['2 == 2.0', '1'], // numeric comparison when both are numbers
  ['abc = abc', '1'],
  ['abc != abd', '1'],
  ['10 > 9', '1'], // numbers compare as numbers...
  ['"10" > "9"', '1'],
  ['abc < abd', '1'], // ...strings as strings
  ['b >= a', '1'],
  ['1 <= 0', '0'],
  ['0 | foo', 'foo'], // | gives the left side unless it is empty or zero
  ['bar | foo', 'bar'],
  ['"" | foo', 'foo'],
  ['bar & foo', 'bar'], // & gives the left side when both are non-empty, non-zero
  ['bar & 0', '0'],
  ['!0', '1'],
  ['!abc', '0'],
  ['!""', '1'],
  ['1 ? yes :: no', 'yes'],
  ['0 ? yes :: no', 'no'],
  ['"" ? yes :: no', 'no'],
  ['1 = 2 ? a :: b', 'b'], // ?: has the lowest precedence
  ['abc123 : abc', '3'], // ':' anchored: the length of the match
  ['xabc : abc', '0'],
  ['xabc =~ abc', '3'], // '=~' anywhere
  ['"sip:1000@host" : "sip:([0-9]+)@"', '1000'], // a group: its text
  ['"sip:bob@host" : "sip:([0-9]+)@"', ''], // no match with a group: empty
  ['"hello world" =~ "wor"', '3'],
  ['!1 : 1', '0'], // ':' binds tighter than '!'
  ['abc + 1', '1', true], // non-numeric argument counts as zero
  ['abc * 2', '0', true],
  ['5 / 0', '2147483647', true], // division by zero: INT_MAX
  ['abc / 2', '0', true],
  ['5 / abc', '2147483647', true],
  ['5 % 0', '5', true],
  ['1 +', '', true], // syntax error: empty and a warning
  ['(1 + 2', '', true],
  ['abc : "(("', '', true], // a regex that does not compile
  ['', ''],
];

describe('$[...] expressions (ast_expr2)', () => {
  it.each(cases)('$[%s] = "%s"', (expression, result, warns = false) => {
    const warnings: string[] = [];
    expect(evaluateExpression(expression, (m) => warnings.push(m))).toBe(result);
    expect(warnings.length > 0).toBe(warns);
  });
});

describe('hostile expressions', () => {
  it('deep nesting is a syntax error, not a stack overflow', () => {
    const warnings: string[] = [];
    expect(evaluateExpression(`${'('.repeat(50_000)}1${')'.repeat(50_000)}`, (m) => warnings.push(m))).toBe(
      '',
    );
    expect(evaluateExpression('!'.repeat(50_000) + '1', (m) => warnings.push(m))).toBe('');
    expect(warnings).toHaveLength(2);
  });
  it('a 64 KB operand compares', () => {
    expect(evaluateExpression(`"${'a'.repeat(65_536)}" = "${'a'.repeat(65_536)}"`, () => {})).toBe('1');
  });
});

describe('every kind of white space and control character', () => {
  const chars = ['\u2028', '\u2029', '\u00a0', '\v', '\f', '\u0085', '\ufeff', '\u0000', '\u001b'];
  it.each(chars.map((c) => [c.codePointAt(0)!.toString(16).padStart(4, '0'), c]))(
    'U+%s does not stall the tokenizer',
    (_code, c) => {
      expect(evaluateExpression(`1${c}+${c}2`, () => {})).toBeTypeOf('string');
      expect(evaluateExpression(`${c}`, () => {})).toBeTypeOf('string');
    },
  );
  it('white space JavaScript knows separates tokens', () => {
    expect(evaluateExpression('1\u2028+\u00a02', () => {})).toBe('3');
  });
});
