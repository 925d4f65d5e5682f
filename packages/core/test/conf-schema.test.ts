import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  confOption,
  defineConfSection,
  isMsgError,
  parseAsteriskConf,
  readConfSection,
} from '../src/index.js';
import { assertNoSecrets } from '../src/testing/index.js';

const GENERAL = defineConfSection('general', {
  enabled: confOption.boolean({ default: false }),
  bindaddr: confOption.string({ aliases: ['bind'], to: 'bindAddress' }),
  bindport: confOption.integer({ min: 1, max: 65535, default: 8088 }),
  prefix: confOption.string({ required: 'a general section needs prefix=' }),
  mode: confOption.enum(['plain', 'tls']),
  allow: confOption.list(),
  upper: confOption.list({ parse: (items) => items.map((item) => item.toUpperCase()) }),
  timeout: confOption.duration({ unit: 's', maxMs: 60_000 }),
  password: confOption.custom((value, context) => {
    if (value.length < 4) throw context.error(`"${value}" is too short`);
    return value;
  }),
  tos: confOption.ignored('not implemented: IP type of service'),
  debug: confOption.ignored(),
});

function read(text: string, warnings: string[] = []) {
  const conf = parseAsteriskConf(text, { file: 'http.conf' });
  return readConfSection(conf.sections[0]!, GENERAL, { errorCode: 'ERR_TEST', warnings });
}

describe('readConfSection', () => {
  it('reads each value form, applies defaults and aliases, and types the result', () => {
    const warnings: string[] = [];
    const values = read(
      '[general]\nEnabled=Y\nbind=0.0.0.0\nprefix=ari\nmode=TLS\nallow=a, b\nallow=c\nupper=x,y\ntimeout=500ms\ndebug=yes\n',
      warnings,
    );
    expect(values).toEqual({
      enabled: true,
      bindAddress: '0.0.0.0',
      bindport: 8088,
      prefix: 'ari',
      mode: 'tls',
      allow: ['a', 'b', 'c'],
      upper: ['X', 'Y'],
      timeout: 500,
    });
    expect(warnings).toEqual([]);
    expectTypeOf(values.enabled).toEqualTypeOf<boolean>();
    expectTypeOf(values.bindport).toEqualTypeOf<number>();
    expectTypeOf(values.bindAddress).toEqualTypeOf<string | undefined>();
    expectTypeOf(values.mode).toEqualTypeOf<'plain' | 'tls' | undefined>();
    expectTypeOf(values).not.toHaveProperty('tos');
  });

  it('reads a list from one value or many, split at commas unless told not to, empty items dropped', () => {
    const LISTS = defineConfSection('lists', {
      items: confOption.list(),
      whole: confOption.list({ split: false }),
    });
    const lists = (body: string) =>
      readConfSection(parseAsteriskConf(`[l]\n${body}`).sections[0]!, LISTS, {
        errorCode: 'ERR_TEST',
        warnings: [],
      });
    expect(lists('items=a\n')).toEqual({ items: ['a'] });
    expect(lists('items= a , ,b,\n')).toEqual({ items: ['a', 'b'] });
    expect(lists('items=,\n')).toEqual({});
    expect(lists('items=\nitems=a\nitems=b, c\n')).toEqual({ items: ['a', 'b', 'c'] });
    expect(lists('whole=a, b\nwhole=\nwhole=c\n')).toEqual({ whole: ['a, b', 'c'] });
    expect(lists('whole=a,b\n')).toEqual({ whole: ['a,b'] });
    // Each result has its own array: a caller that changes one changes no other.
    const first = lists('items=a\n');
    first.items!.push('changed');
    expect(lists('items=a\n')).toEqual({ items: ['a'] });
  });

  it('accepts every ast_true/ast_false form, and only those', () => {
    for (const yes of ['yes', 'TRUE', 'y', 't', '1', 'On'])
      expect(read(`[g]\nprefix=p\nenabled=${yes}\n`).enabled).toBe(true);
    for (const no of ['no', 'False', 'n', 'f', '0', 'OFF'])
      expect(read(`[g]\nprefix=p\nenabled=${no}\n`).enabled).toBe(false);
    expect(() => read('[g]\nprefix=p\nenabled=maybe\n')).toThrow(
      /\[g\] enabled: expected yes or no, got "maybe" \(http\.conf:3\)/,
    );
  });

  it('warns about unknown and ignored options with file and line; an empty value is unset; the last value wins', () => {
    const warnings: string[] = [];
    const values = read('[general]\nprefix=a\nprefix=b\nfrob=1\ntos=0x10\nbindaddr=\n', warnings);
    expect(values).toEqual({ enabled: false, bindport: 8088, prefix: 'b' });
    expect(warnings).toEqual([
      'http.conf:4 [general]: unknown general option "frob" kept and ignored',
      'http.conf:5 [general]: general option "tos" ignored: not implemented: IP type of service',
    ]);
  });

  it('errors carry the code, file and line, and never a secret', () => {
    const cases: [string, RegExp][] = [
      [
        '[general]\nprefix=p\nbindport=0\n',
        /bindport: expected a whole number from 1 to 65535, got "0" \(http\.conf:3\)/,
      ],
      ['[general]\n', /\[general\] prefix: a general section needs prefix= \(http\.conf:1\)/],
      ['[general]\nprefix=p\nmode=ssl\n', /mode: expected one of plain, tls; got "ssl"/],
      ['[general]\nprefix=p\ntimeout=2m\n', /timeout: expected a duration/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        read(text);
      } catch (caught) {
        error = caught;
      }
      expect(isMsgError(error, 'ERR_TEST')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    let failure: unknown;
    try {
      read('[general]\nprefix=p\npassword=abc\n');
    } catch (caught) {
      failure = caught;
    }
    expect((failure as Error).message).toBe('[general] password: "***" is too short (http.conf:3)');
    assertNoSecrets(['abc'], { failure });
  });

  it('a schema may not define a spelling twice', () => {
    expect(() =>
      defineConfSection('x', { a: confOption.string({ aliases: ['b'] }), b: confOption.string() }),
    ).toThrow(/defined twice/);
  });
});
