import { describe, expect, it } from 'vitest';
import { canonicalHeaderName } from '../src/index.js';
import { dataHeaders, fullHeaderName, STACK_SET_HEADERS } from '../src/tech-kit/index.js';

const rules = { blocked: STACK_SET_HEADERS, maxForwards: (value: string) => Number(value) - 1 };

describe('data headers: compact forms are their full names (RFC 3261 §7.3.3)', () => {
  it.each([
    ['f', 'from'],
    ['T', 'to'],
    ['v', 'via'],
    ['i', 'call-id'],
    ['m', 'contact'],
    ['l', 'content-length'],
  ])('"%s" is blocked as %s, with a warning', (name, full) => {
    const result = dataHeaders({ [name]: 'sip:evil@example.com', 'X-Ok': '1' }, rules);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.headers).toEqual([{ name: 'X-Ok', value: '1' }]);
    expect(result.warnings).toEqual([
      `data header "${name}" (${full}) is set by the SIP stack and was not sent`,
    ]);
  });

  it('"c" is the Content-Type data value, not a second Content-Type', () => {
    const result = dataHeaders({ c: 'text/html' }, rules);
    expect(result).toMatchObject({ ok: true, headers: [], contentType: 'text/html' });
  });

  it('other compact forms are sent under the name given', () => {
    const result = dataHeaders({ s: 'hello', k: 'path' }, rules);
    expect(result).toMatchObject({
      ok: true,
      headers: [
        { name: 's', value: 'hello' },
        { name: 'k', value: 'path' },
      ],
    });
  });

  it('every registered compact form has its full name', () => {
    expect(
      Object.fromEntries(
        [...'abcdefijklmnorstuvxy'].map((letter) => [letter, fullHeaderName(letter.toUpperCase())]),
      ),
    ).toEqual({
      a: 'accept-contact',
      b: 'referred-by',
      c: 'content-type',
      d: 'request-disposition',
      e: 'content-encoding',
      f: 'from',
      i: 'call-id',
      j: 'reject-contact',
      k: 'supported',
      l: 'content-length',
      m: 'contact',
      n: 'identity-info',
      o: 'event',
      r: 'refer-to',
      s: 'subject',
      t: 'to',
      u: 'allow-events',
      v: 'via',
      x: 'session-expires',
      y: 'identity',
    });
    expect(fullHeaderName('X-Custom')).toBe('x-custom');
  });

  it('the parser reads compact forms from the same table, and only own one-letter keys', () => {
    for (const letter of 'abcdefijklmnorstuvxy')
      expect(canonicalHeaderName(letter.toUpperCase()), letter).toBe(fullHeaderName(letter));
    expect(canonicalHeaderName('Identity')).toBe('identity');
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'g', 'z'])
      expect(canonicalHeaderName(name), name).toBe(name.toLowerCase());
  });
});
