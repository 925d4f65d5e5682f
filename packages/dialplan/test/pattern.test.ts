import { describe, expect, it } from 'vitest';
import { compareExtensions, extensionMatches } from '../src/index.js';

// From main/pbx.c _extension_match_core and the documented pattern characters.
const matches: Array<[pattern: string, exten: string, expected: boolean]> = [
  ['1000', '1000', true],
  ['1000', '100', false],
  ['1-000', '1000', true], // '-' is eye candy on both sides
  ['_X.', '12', true],
  ['_X.', '1', false], // '.' needs one more character
  ['_X.', 'a1', false],
  ['_X!', '1', true], // '!' is zero or more
  ['_X!', '123', true],
  ['_NXXXXXX', '2345678', true],
  ['_NXXXXXX', '1234567', false], // N is 2-9
  ['_NXXXXXX', '234567', false], // too short
  ['_NXXXXXX', '23456789', false], // too long
  ['_ZX', '10', true],
  ['_ZX', '01', false], // Z is 1-9
  ['_[1-5]', '3', true],
  ['_[1-5]', '6', false],
  ['_[a-z]', 'q', true],
  ['_[a-z]', 'Q', false],
  ['_[13-5]X', '42', true],
  ['_[13-5]X', '22', false],
  ['_.', 'anything', true],
  ['_x.', '12', true], // lower-case x, n, z work as upper-case
  ['_1[]2', '12', true], // an empty set is ignored
  ['_1[23', '12', false], // unterminated set: no match
  ['_alice', 'alice', true],
  ['_alice', 'Alice', false], // case-sensitive
];

describe('extension matching (ast_extension_match)', () => {
  it.each(matches)('%s against %s is %s', (pattern, exten, expected) => {
    expect(extensionMatches(pattern, exten)).toBe(expected);
  });
});

// From main/pbx.c ext_cmp / ext_cmp_pattern_pos: exact names first, then per position the
// smaller character set; '.' before '!' before the end of the pattern.
const ordered: string[][] = [
  ['1234', '_1NXX', '_[1-5]XX', '_NXX', '_X.', '_.', '_!'],
  ['_2XX', '_NXX', '_ZXX', '_XXX'],
  ['_[13]', '_[14]', '_[24]', '_X'], // same size: lower characters first
  ['_X.', '_X'], // '.' (0x18000) sorts before the end of the pattern (0x30000)
  ['_[0-9]', '_[a-z]'], // 10 characters before 26
  ['100', '2000', 's'], // exact names compare as strings
];

describe('extension order (ext_cmp)', () => {
  it.each(ordered.map((list) => [list.join(' < '), list]))('%s', (_name, list) => {
    const shuffled = [...(list as string[])].reverse();
    expect(shuffled.sort(compareExtensions)).toEqual(list);
  });
  it('the same set written two ways compares equal', () => {
    expect(compareExtensions('_[2-9]XX', '_NXX')).toBe(0);
    expect(compareExtensions('_1-NXX', '_1NXX')).toBe(0);
  });
});
