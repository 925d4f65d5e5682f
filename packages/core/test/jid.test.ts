import { describe, expect, it } from 'vitest';
import { formatJid, parseJid } from '../src/index.js';

describe('parseJid (RFC 7622)', () => {
  it.each([
    ['juliet@example.com', { local: 'juliet', domain: 'example.com' }],
    ['juliet@example.com/foo', { local: 'juliet', domain: 'example.com', resource: 'foo' }],
    ['juliet@example.com/foo bar', { resource: 'foo bar' }],
    ['juliet@example.com/foo@bar', { resource: 'foo@bar' }],
    ['juliet@example.com/a/b', { resource: 'a/b' }],
    ['foo\\20bar@example.com', { local: 'foo\\20bar' }],
    ['fussball@example.com', { local: 'fussball' }],
    ['fußball@example.com', { local: 'fußball' }],
    ['π@example.com', { local: 'π' }],
    ['example.com', { domain: 'example.com', local: undefined }],
    ['example.com/foobar', { resource: 'foobar' }],
    ['a.example.com/b@example.net', { domain: 'a.example.com', resource: 'b@example.net' }],
    ['juliet@example.com.', { domain: 'example.com' }],
    ['juliet@192.0.2.1', { domain: '192.0.2.1' }],
    ['juliet@[2001:db8::1]/r', { domain: '[2001:db8::1]' }],
    ['juliet@localhost', { domain: 'localhost' }],
    ['x@münchen.example', { domain: 'münchen.example' }],
    [`${'a'.repeat(1023)}@example.com`, { domain: 'example.com' }],
  ])('%s', (text, expected) => {
    const result = parseJid(text);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    for (const [key, value] of Object.entries(expected))
      expect((result.value as never)[key], key).toEqual(value);
  });

  it.each([
    ['"juliet"@example.com', 0],
    ['foo bar@example.com', 3],
    ['henry::iv@example.com', 5],
    ['@example.com', 0],
    ['juliet@', 7],
    ['juliet@example.com/', 19],
    ['', 0],
    ['a@b@c', 2],
    ['a@exa mple.com', 2],
    ['a@-bad.com', 2],
    ['a@[1::2::3]', 2],
    [`${'a'.repeat(1024)}@example.com`, 0],
    [`a@example.com/${'r'.repeat(1024)}`, 14],
    ['a@example.com/x\u0000', 15],
    ['<a>@example.com', 0],
  ])('%j fails at offset %i', (text, offset) => {
    const result = parseJid(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.offset).toBe(offset);
  });

  it('formats full and bare JIDs and round-trips', () => {
    const result = parseJid('romeo@montague.example/orchard');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(formatJid(result.value)).toBe('romeo@montague.example/orchard');
    expect(formatJid(result.value, { bare: true })).toBe('romeo@montague.example');
  });
});
