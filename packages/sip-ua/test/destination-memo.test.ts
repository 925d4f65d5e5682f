import { describe, expect, it } from 'vitest';
import { MEMO_KEY_MAX_LENGTH, memoByDestination } from '../src/tech-kit/destination-memo.js';

describe('memoByDestination', () => {
  it('parses a destination once, and keeps at most `limit` of them (the oldest goes first)', () => {
    const parsed: string[] = [];
    const memo = memoByDestination(2, (destination) => {
      parsed.push(destination);
      return { destination };
    });
    expect(memo('a')).toBe(memo('a'));
    memo('b');
    memo('c');
    memo('a');
    expect(parsed).toEqual(['a', 'b', 'c', 'a']);
  });

  it('never keeps a destination longer than any usable one (caller-sized strings are not held)', () => {
    let parses = 0;
    const memo = memoByDestination(10, () => ++parses);
    const long = `x${'y'.repeat(MEMO_KEY_MAX_LENGTH)}`;
    memo(long);
    memo(long);
    expect(parses).toBe(2);
  });
});
