/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { describe, expect, it } from 'vitest';
import { DialplanCode, DialplanErrorCode, loadDialplan, loadDialplanFile } from '../src/index.js';

const text = `
[general]
static=yes

[globals]
TARGET=xmpp:bob@localhost ; a comment

[messages]
exten => 1000,1,NoOp(exact)
 same => n(send),MessageSend(\${TARGET})
 same => n,Hangup()
exten => _1XXX,1,NoOp(pattern)
exten => _X.,1,NoOp(catch-all)
exten => 2000,hint,PJSIP/2000
include => more

[more]
exten => 3000,1,NoOp(included)
exten => s,1,NoOp(default)

;-- a block
comment --;
[numbered]
exten => 10,1,NoOp(one)
exten => 10,2,NoOp(two)
exten => 10,5,NoOp(five)
exten => 10,n,NoOp(six)
exten => 20,7,NoOp(twenty)
exten => 10,n,NoOp(n after another extension: previous line + 1)
`;

describe('loadDialplan', () => {
  const { dialplan, warnings } = loadDialplan({ text });

  it('loads contexts, priorities, n, labels and includes without warnings', () => {
    expect(warnings).toEqual([]);
    expect(dialplan.find('messages', '1000', 2)?.step).toMatchObject({
      app: 'MessageSend',
      data: '${TARGET}',
      label: 'send',
    });
    expect(dialplan.find('messages', '1000', 'send')?.step.priority).toBe(2);
    expect(dialplan.find('messages', '1000', 3)?.step.app).toBe('Hangup');
    expect(dialplan.find('numbered', '10', 6)?.step.data).toBe('six');
    expect(dialplan.find('numbered', '10', 3)).toBeUndefined();
    expect(dialplan.find('numbered', '10', 8)?.step.data).toMatch(/^n after another/);
    expect(dialplan.globals.get('TARGET')).toBe('xmpp:bob@localhost');
  });

  it('finds exact before pattern, the most specific pattern first, then includes', () => {
    expect(dialplan.find('messages', '1000', 1)?.step.data).toBe('exact');
    expect(dialplan.find('messages', '1234', 1)?.step.data).toBe('pattern');
    expect(dialplan.find('messages', '3000', 1)?.step.data).toBe('catch-all'); // _X. in messages comes before the include
    expect(dialplan.find('messages', 's', 1)?.step.data).toBe('default'); // from the include
    expect(dialplan.find('more', '3000', 1)?.step.data).toBe('included');
  });

  it('an extension without the priority lets the next matching one answer (old pbx_find_extension)', () => {
    expect(dialplan.find('messages', '1000', 2)?.extension.name).toBe('1000');
    expect(dialplan.find('messages', '1234', 2)).toBeUndefined();
  });

  it('hasDestination: the extension (or s) exists at priority 1', () => {
    expect(dialplan.hasDestination('messages', '1000')).toBe(true);
    expect(dialplan.hasDestination('messages', 'alice')).toBe(false);
    expect(dialplan.hasDestination('more', undefined)).toBe(true); // no exten: s
    expect(dialplan.hasDestination('more', '')).toBe(true);
    expect(dialplan.hasDestination('nosuch', '1000')).toBe(false);
    expect(dialplan.hasDestination('', '1000')).toBe(false);
    expect(dialplan.hasDestination('Messages', '1000')).toBe(false); // context names are case-sensitive
  });
});

describe('bad input: each bad line named by file and line, the rest loads', () => {
  const bad = [
    '[messages]',
    'exten => 1000,1,NoOp(ok)', // 2
    'this line has no equals sign', // 3: the .conf reader refuses it
    'exten => 1000,x,NoOp(bad priority)', // 4
    'same => n,NoOp(after a bad line)', // 5
    'exten => 1000,4,Dial(PJSIP/1000)', // 6: unknown application
    'exten => 1000,5,Set(X=${SIPPEER(x)})', // 7: unknown function
    'exten => 1000,5,NoOp(duplicate)', // 8
    'exten => 1001,n,NoOp(n: the previous line + 1)', // 9
    '[broken', // 10: bad section header
    'exten => 9,1,NoOp(inside the broken section)', // 11
    '[after]',
    'exten => s,1,NoOp(still loaded)', // 13
    'exten => 5/100,1,NoOp(caller id)', // 14
    'include => ghost', // 15
    '#include missing.conf', // 16
    'exten => 1001,n,ExecIf(${X}?Dial(PJSIP/x):NoOp())', // 17
    '[fresh]', // 18
    'exten => 7,n,NoOp(no earlier line)', // 19
  ].join('\n');
  const files: Record<string, string> = {};
  const { dialplan, warnings } = loadDialplan({
    text: bad,
    fileName: '/etc/asterisk/extensions.conf',
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) throw new Error('ENOENT');
      return content;
    },
  });
  const at = (line: number) => warnings.filter((w) => w.line === line).map((w) => w.code);

  it('reports each one with its code', () => {
    expect(at(3)).toEqual([DialplanCode.Syntax]);
    expect(at(4)).toEqual([DialplanCode.Syntax]);
    expect(at(6)).toEqual([DialplanCode.UnknownApp]);
    expect(at(7)).toEqual([DialplanCode.UnknownFunction]);
    expect(at(8)).toEqual([DialplanCode.Syntax]);
    expect(at(9)).toEqual([]);
    expect(at(10)).toEqual([DialplanCode.Syntax]);
    expect(at(14)).toEqual([DialplanCode.Unsupported]);
    expect(at(16)).toEqual([DialplanCode.Include]);
    expect(at(17)).toEqual([DialplanCode.UnknownApp]); // inside ExecIf
    expect(at(19)).toEqual([DialplanCode.Syntax]);
    expect(warnings.some((w) => w.code === DialplanCode.Include && w.message.includes('ghost'))).toBe(true);
    for (const warning of warnings.filter((w) => w.line !== undefined))
      expect(warning.file).toBe('/etc/asterisk/extensions.conf');
  });

  it('loads the good lines around them', () => {
    expect(dialplan.find('messages', '1000', 1)?.step.data).toBe('ok');
    expect(dialplan.find('messages', '1000', 2)?.step.data).toBe('after a bad line');
    expect(dialplan.find('messages', '1000', 5)?.step.data).toBe('X=${SIPPEER(x)}');
    expect(dialplan.find('messages', '1001', 6)?.step.data).toMatch(/^n: the previous/);
    expect(dialplan.find('after', 's', 1)?.step.data).toBe('still loaded');
    expect(dialplan.hasDestination('broken', '9')).toBe(false);
    expect(dialplan.hasDestination('messages', '9')).toBe(false); // did not fall into the previous context
  });

  it('#include reads relative to the including file', () => {
    files['/etc/asterisk/extra.conf'] = '[extra]\nexten => s,1,NoOp(from include)';
    const loaded = loadDialplan({
      text: '#include extra.conf\n[main]\nexten => s,1,NoOp()',
      fileName: '/etc/asterisk/extensions.conf',
      readFile: (path) => files[path] ?? '',
    });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.dialplan.find('extra', 's', 1)?.step.data).toBe('from include');
  });

  it('arbitrary bytes never throw', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 200; i++) {
      const junk = Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(random() * 128))).join(
        '',
      );
      expect(() =>
        loadDialplan({ text: `[x]\nexten => ${junk}\n${junk}`, readFile: () => '' }),
      ).not.toThrow();
    }
  });
});

describe('loadDialplanFile', () => {
  it('reads a folder from disk, #include relative to the file', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'dialplan-'));
    try {
      writeFileSync(
        join(dir, 'extensions.conf'),
        '[messages]\nexten => 1000,1,NoOp()\n#include "messages-extra.conf"\n',
      );
      writeFileSync(join(dir, 'messages-extra.conf'), 'exten => 2000,1,NoOp(extra)\n');
      const { dialplan, warnings } = loadDialplanFile(join(dir, 'extensions.conf'));
      expect(warnings).toEqual([]);
      expect(dialplan.find('messages', '2000', 1)?.step).toMatchObject({
        data: 'extra',
        file: join(dir, 'messages-extra.conf'),
        line: 1,
      });
      expect(() => loadDialplanFile(join(dir, 'missing.conf'))).toThrow(
        expect.objectContaining({ code: DialplanErrorCode.Config }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a readFile that misbehaves', () => {
  it('is a warning, not a throw', () => {
    const loaded = loadDialplan({
      text: '[a]\nexten => s,1,NoOp()\n#include other.conf',
      readFile: () => 42 as unknown as string,
    });
    // The include cannot be read as text: that line is skipped, the rest loads.
    expect(loaded.warnings.map((w) => w.code)).toEqual([DialplanCode.Include]);
    expect(loaded.dialplan.hasDestination('a', 's')).toBe(true);
  });
});
