import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  confReader,
  confValue,
  confValues,
  ErrorCode,
  MsgError,
  parseAsteriskConf,
  parseAsteriskConfFile,
} from '../src/index.js';

function thrown(fn: () => unknown): MsgError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MsgError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('parseAsteriskConf', () => {
  it('reads sections, both assignment forms, comments and escapes', () => {
    const conf = parseAsteriskConf(
      [
        '; a comment',
        '[general]',
        'callerid = "Asterisk" <100> ; trailing comment',
        'exten => s,1,Answer()',
        'note=semi\\;colon',
        '',
        '[alice]',
        'type=endpoint',
      ].join('\n'),
    );
    expect(conf.sections.map((s) => s.name)).toEqual(['general', 'alice']);
    const general = conf.sections[0]!;
    expect(confValue(general, 'CALLERID')).toBe('"Asterisk" <100>');
    expect(confValue(general, 'exten')).toBe('s,1,Answer()');
    expect(confValue(general, 'note')).toBe('semi;colon');
    expect(general.entries[1]).toMatchObject({ key: 'exten', line: 4, inherited: false });
  });

  it('keeps repeated keys in order and same-named sections apart', () => {
    const conf = parseAsteriskConf(
      '[alice]\ntype=endpoint\naors=alice\n[alice]\ntype=aor\ncontact=sip:a@h\ncontact=sip:b@h\n',
    );
    expect(conf.sections).toHaveLength(2);
    expect(confValue(conf.sections[0]!, 'type')).toBe('endpoint');
    expect(confValues(conf.sections[1]!, 'contact')).toEqual(['sip:a@h', 'sip:b@h']);
  });

  it('resolves templates and multiple inheritance, template entries first', () => {
    const conf = parseAsteriskConf(
      '[base](!)\ntype=endpoint\ncontext=from-base\n[tls](!,base)\ntransport=tls\n[bob](base,tls)\ncontext=mine\n',
    );
    expect(conf.sections.map((s) => s.name)).toEqual(['bob']);
    expect(conf.templates.has('tls')).toBe(true);
    const bob = conf.sections[0]!;
    expect(bob.templates).toEqual(['base', 'tls']);
    expect(confValue(bob, 'context')).toBe('mine');
    expect(confValue(bob, 'transport')).toBe('tls');
    expect(bob.entries.filter((e) => e.inherited).map((e) => e.key)).toEqual([
      'type',
      'context',
      'type',
      'context',
      'transport',
    ]);
  });

  it('adds to an earlier section with (+)', () => {
    const conf = parseAsteriskConf('[a]\nx=1\n[b]\ny=2\n[a](+)\nz=3\n');
    expect(conf.sections.map((s) => s.entries.map((e) => e.key))).toEqual([['x', 'z'], ['y']]);
  });

  it('reads section headers with and without flags alike, and refuses malformed ones', () => {
    const conf = parseAsteriskConf(
      '[ plain ]\na=1\n[t](!)\nb=2\n[ with (x) ]\nc=3\n[s] (t)\nd=4\n[ ]\ne=5\n[plain](+)\nf=6\n',
    );
    expect(conf.sections.map((s) => [s.name, s.templates, s.entries.map((e) => e.key)])).toEqual([
      ['plain', [], ['a', 'f']],
      ['with (x)', [], ['c']],
      ['s', ['t'], ['b', 'd']],
      ['', [], ['e']],
    ]);
    expect(conf.templates.get('t')?.entries.map((e) => e.key)).toEqual(['b']);
    for (const header of ['[]', '[a]]', '[a] x', '[a](b', '[a]]]'])
      expect(thrown(() => parseAsteriskConf(`${header}\nk=v\n`)).code).toBe(ErrorCode.ConfSyntax);
  });

  it('skips ;-- block comments --; across lines', () => {
    const conf = parseAsteriskConf('[a]\nx=1 ;-- start\ny=2\nend --; z=3\n');
    expect(conf.sections[0]!.entries.map((e) => `${e.key}=${e.value}`)).toEqual(['x=1', 'z=3']);
  });

  it('follows #include relative to the including file, and #tryinclude of a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conf-'));
    writeFileSync(join(dir, 'main.conf'), '[a]\nx=1\n#include "extra.conf"\n#tryinclude missing.conf\n');
    writeFileSync(join(dir, 'extra.conf'), 'y=2\n[b]\nz=3\n');
    const conf = parseAsteriskConfFile(join(dir, 'main.conf'));
    expect(conf.sections.map((s) => [s.name, s.entries.map((e) => e.key)])).toEqual([
      ['a', ['x', 'y']],
      ['b', ['z']],
    ]);
    expect(conf.sections[1]!.file).toBe(join(dir, 'extra.conf'));
  });

  it.each([
    ['[a]\njust words\n', ErrorCode.ConfSyntax, 2],
    ['x=1\n', ErrorCode.ConfSyntax, 1],
    ['[a\n', ErrorCode.ConfSyntax, 1],
    ['[a]\n=1\n', ErrorCode.ConfSyntax, 2],
    ['[a](nope)\n', ErrorCode.ConfTemplate, 1],
    ['[a](+)\n', ErrorCode.ConfTemplate, 1],
    ['[a]\n#include "/nonexistent/x.conf"\n', ErrorCode.ConfInclude, 2],
    ['#frobnicate\n', ErrorCode.ConfSyntax, 1],
  ])('%j throws %s at line %i', (text, code, line) => {
    const error = thrown(() => parseAsteriskConf(text, { file: 'test.conf' }));
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`test.conf:${line}`);
  });

  it('detects an #include loop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conf-'));
    writeFileSync(join(dir, 'a.conf'), '#include b.conf\n');
    writeFileSync(join(dir, 'b.conf'), '#include a.conf\n');
    expect(thrown(() => parseAsteriskConfFile(join(dir, 'a.conf'))).code).toBe(ErrorCode.ConfInclude);
  });

  it('warns about #exec instead of running it', () => {
    const conf = parseAsteriskConf('#exec /bin/date\n[a]\n');
    expect(conf.warnings[0]).toContain('#exec is not supported');
  });
});

describe('confReader', () => {
  const section = parseAsteriskConf('[s]\nflag=Yes\nbad=maybe\nn=42\nneg=-3\nlist=a, b\nlist=c\nempty=\n', {
    file: 'x.conf',
  }).sections[0]!;
  const read = confReader(section, 'ERR_TEST');

  it('reads text, lists, yes/no and bounded numbers', () => {
    expect(read.text('flag')).toBe('Yes');
    expect(read.text('empty')).toBeUndefined();
    expect(read.list('list')).toEqual(['a', 'b', 'c']);
    expect(read.bool('flag')).toBe(true);
    expect(read.bool('missing')).toBeUndefined();
    expect(read.int('n', { min: 1, max: 100 })).toBe(42);
    expect(read.int('neg', { min: -128, max: 127 })).toBe(-3);
  });

  it('throws coded errors at the line of the option', () => {
    expect(() => read.bool('bad')).toThrow(
      expect.objectContaining({ code: 'ERR_TEST', line: 3, message: expect.stringContaining('x.conf:3') }),
    );
    expect(() => read.int('n', { max: 10 })).toThrow(
      /\[s\] n: expected a whole number from 0 to 10, got "42"/,
    );
    expect(() => read.int('neg')).toThrow(/of at least 0/);
  });
});

describe('parseAsteriskConf line endings', () => {
  it('reads CRLF, LF and a last line without a newline alike, with the same line numbers', () => {
    const lf = '[a]\nx=1\n\n[b]\ny=2\nz=3';
    for (const text of [lf, lf.replaceAll('\n', '\r\n'), `${lf}\n`, `${lf}\r\n`]) {
      const conf = parseAsteriskConf(text);
      expect(conf.sections.map((s) => [s.name, s.line])).toEqual([
        ['a', 1],
        ['b', 4],
      ]);
      expect(conf.sections[1]!.entries.map((e) => [e.key, e.value, e.line])).toEqual([
        ['y', '2', 5],
        ['z', '3', 6],
      ]);
    }
    // A CR at the very end (no LF after it) is trimmed off the value, as before.
    expect(confValue(parseAsteriskConf('[a]\nx=1\r').sections[0]!, 'x')).toBe('1');
  });
});
