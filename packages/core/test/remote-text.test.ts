import { describe, expect, it } from 'vitest';
import { REMOTE_TEXT_MAX_LENGTH, sanitizeRemoteText, stripControlChars } from '../src/index.js';

describe('sanitizeRemoteText', () => {
  it.each([
    ['Not\u001b[31m Found\u0007', 'Not\ufffd[31m Found\ufffd'], // ESC and BEL
    ['a\u009b2Jb', 'a\ufffd2Jb'], // C1 CSI
    ['a\u0000b\u007fc', 'a\ufffdb\ufffdc'], // NUL and DEL
    ['evil\u202egnp.exe', 'evil\ufffdgnp.exe'], // right-to-left override
    ['\u2066x\u2069 \u200f\u061c', '\ufffdx\ufffd \ufffd\ufffd'], // isolates and marks
    ['two\r\nlines\tand\u2028more', 'two lines and more'], // breaks become one space
    ['lone \ud800 half', 'lone \ufffd half'],
    ['Accepted ✓ é 😀', 'Accepted ✓ é 😀'], // ordinary text is kept
    ['200 OK', '200 OK'], // printable ASCII, the common case, as it is
    ['tab\tonly', 'tab only'], // ASCII with a control is still cleaned
  ])('%j is shown as %j', (input, shown) => {
    expect(sanitizeRemoteText(input)).toBe(shown);
  });

  it('bounds the length, never splitting a surrogate pair', () => {
    const long = sanitizeRemoteText('x'.repeat(10_000));
    expect(long).toHaveLength(REMOTE_TEXT_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    const emoji = sanitizeRemoteText('😀'.repeat(1_000));
    expect(emoji.length).toBeLessThanOrEqual(REMOTE_TEXT_MAX_LENGTH);
    expect(emoji).toBe(`${'😀'.repeat((emoji.length - 1) / 2)}…`);
  });

  it('is total: a non-string gives an empty string, never a throw', () => {
    expect(sanitizeRemoteText(undefined as unknown as string)).toBe('');
    expect(stripControlChars(42 as unknown as string)).toBe('');
  });

  it('stripControlChars has no length bound', () => {
    expect(stripControlChars('y'.repeat(5_000))).toHaveLength(5_000);
  });
});
