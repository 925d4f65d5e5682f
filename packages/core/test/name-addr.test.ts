import { describe, expect, it } from 'vitest';
import { formatNameAddr, parseNameAddr, uriScheme } from '../src/index.js';

describe('parseNameAddr', () => {
  it.each([
    ['"Alice" <sip:alice@atlanta.com>', 'Alice', 'sip:alice@atlanta.com', []],
    ['Alice <sip:alice@atlanta.com>', 'Alice', 'sip:alice@atlanta.com', []],
    [
      '  Alice   Smith <sip:a@h>;tag=1928301774',
      'Alice Smith',
      'sip:a@h',
      [{ name: 'tag', value: '1928301774' }],
    ],
    [
      '<sip:a@h;transport=tcp>;tag=x ; foo',
      undefined,
      'sip:a@h;transport=tcp',
      [
        { name: 'tag', value: 'x' },
        { name: 'foo', value: null },
      ],
    ],
    ['"The \\"Goober\\"" <sip:3829@127.0.0.1>', 'The "Goober"', 'sip:3829@127.0.0.1', []],
    [
      'caller<sip:caller@example.com>;tag=323',
      'caller',
      'sip:caller@example.com',
      [{ name: 'tag', value: '323' }],
    ], // RFC 4475 §3.1.1.7
    ['"" <sip:a@h>', '', 'sip:a@h', []],
    ['José <sip:jose@h>', 'José', 'sip:jose@h', []],
    [
      '<sip:a@[2001:db8::1]>;received=[2001:db8::9]',
      undefined,
      'sip:a@[2001:db8::1]',
      [{ name: 'received', value: '[2001:db8::9]' }],
    ],
  ])('%s', (text, displayName, uriText, params) => {
    const result = parseNameAddr(text);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.value.displayName).toBe(displayName);
    expect(result.value.uriText).toBe(uriText);
    expect(result.value.bracketed).toBe(true);
    expect(result.value.params).toEqual(params);
  });

  it('accepts a bare URI and keeps its parameters in the URI', () => {
    const result = parseNameAddr(' sip:alice@h;transport=tcp ');
    expect(result.ok && result.value).toMatchObject({
      bracketed: false,
      uriText: 'sip:alice@h;transport=tcp',
      params: [],
    });
  });

  it.each([
    ['Bell, Alexander <sip:a.g.bell@example.com>;tag=43', 4], // RFC 4475 §3.1.2.15: non-token display name
    ['"Watson, Thomas" < sip:t.watson@example.org >', 18], // RFC 4475 §3.1.2.14: spaces within addr-spec
    ['"unterminated <sip:a@h>', 0], // RFC 4475 §3.1.2.6
    ['<sip:a@h', 0],
    ['<tel:+1555>', 1],
    ['alice@atlanta.com', 0],
    ['"A" sip:a@h', 4],
    ['<sip:a@h> junk', 10],
    ['"a\r\nInjected: x" <sip:a@h>', 2],
  ])('%j fails at offset %i', (text, offset) => {
    const result = parseNameAddr(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.offset).toBe(offset);
  });
});

describe('formatNameAddr', () => {
  it('always quotes the display name and escapes quotes and backslashes', () => {
    const parsed = parseNameAddr('Alice <sip:alice@h>;tag=1');
    expect(parsed.ok && formatNameAddr(parsed.value)).toBe('"Alice" <sip:alice@h>;tag=1');
    const tricky = parseNameAddr('"a \\"b\\" \\\\ c" <sip:x@h>');
    expect(tricky.ok && formatNameAddr(tricky.value)).toBe('"a \\"b\\" \\\\ c" <sip:x@h>');
  });

  it('omits an empty display name', () => {
    const parsed = parseNameAddr('"" <sip:a@h>');
    expect(parsed.ok && formatNameAddr(parsed.value)).toBe('<sip:a@h>');
  });
});

describe('uriScheme', () => {
  it.each([
    ['tel:+1555', 'tel'],
    ['<TEL:+1555>', 'tel'],
    ['"Bob" <sips:b@h>', 'sips'],
    ['Bob <sip:b@h>', 'sip'],
    ['alice@atlanta.com', undefined],
    ['alice', undefined],
  ])('%s -> %s', (text, scheme) => {
    expect(uriScheme(text)).toBe(scheme);
  });
});
