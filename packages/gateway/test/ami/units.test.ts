import { describe, expect, it } from 'vitest';
import { separateAppArgs } from '../../src/ami/app-args.js';
import { createLineSplitter } from '../../src/ami/framing.js';
import { compileAcl, decodeBase64Body, parseAclValue, parsePermissions } from '../../src/ami/index.js';
import { createPacketCollector, getHeader, getVariables } from '../../src/ami/packet.js';

describe('Asterisk value rules, one by one', () => {
  it('Base64Body: at most 1300 bytes, stops at "=", a character outside the alphabet counts as 63', () => {
    expect(decodeBase64Body(Buffer.from('y'.repeat(5000)).toString('base64'))).toBe('y'.repeat(1300));
    expect(decodeBase64Body('aGk=ignored')).toBe('hi');
    // '*' is not base64: Asterisk takes it as 63 (0b111111), node would skip it.
    expect(Buffer.from(decodeBase64Body('QUJD*w'), 'utf8')).toEqual(
      Buffer.from(decodeBase64Body('QUJD/w'), 'utf8'),
    );
  });

  it('Variable values split like application arguments', () => {
    expect(separateAppArgs('a=1,b=2')).toEqual(['a=1', 'b=2']);
    expect(separateAppArgs('a="x,y",b=f(1,2),c=[3,4]')).toEqual(['a=x,y', 'b=f(1,2)', 'c=[3,4]']);
    expect(separateAppArgs('a=x\\,y,b')).toEqual(['a=x,y', 'b']);
    expect(separateAppArgs('a,')).toEqual(['a', '']);
    expect(separateAppArgs('')).toEqual([]);
    const many = Array.from({ length: 70 }, (_, i) => `v${i}="q"`).join(',');
    const items = separateAppArgs(many);
    expect(items).toHaveLength(64);
    expect(items[63]).toBe(Array.from({ length: 7 }, (_, i) => `v${i + 63}="q"`).join(','));
  });

  it('headers: first match, name then colon, blanks skipped; Action skips empty values', () => {
    const packet = {
      headers: ['Action:', 'action:  Ping', 'Body :x', 'Body:\t first', 'Body: second'],
      tooManyLines: false,
      lineTooLong: false,
    };
    expect(getHeader(packet, 'Action', true)).toBe('Ping');
    expect(getHeader(packet, 'Action')).toBe('');
    expect(getHeader(packet, 'Body')).toBe('first');
    expect(getHeader(packet, 'Missing')).toBe('');
    expect(
      getVariables({ headers: ['Variable: __proto__=x,a=1'], tooManyLines: false, lineTooLong: false }),
    ).toEqual(
      Object.fromEntries([
        ['__proto__', 'x'],
        ['a', '1'],
      ]),
    );
  });

  it('lines: CRLF or LF, NUL ends the text, 1024 bytes without an end overflow', () => {
    const lines: string[] = [];
    let overflows = 0;
    const split = createLineSplitter({ line: (line) => lines.push(line), overflow: () => overflows++ });
    split(Buffer.from('a: 1\r\nb: 2\nc: x\0hidden\r\n'));
    split(Buffer.from('par'));
    split(Buffer.from('tial\r\n'));
    expect(lines).toEqual(['a: 1', 'b: 2', 'c: x', 'partial']);
    split(Buffer.alloc(5000, 0x41));
    expect(overflows).toBeGreaterThan(0);
    split(Buffer.from('\r\nok\r\n'));
    expect(lines.at(-1)).toBe('ok');
  });

  it('packets: an empty line ends one', () => {
    const packets: string[][] = [];
    const collector = createPacketCollector((packet) => packets.push(packet.headers));
    for (const line of ['Action: Ping', 'ActionID: 1', '', '']) collector.line(line);
    expect(packets).toEqual([['Action: Ping', 'ActionID: 1'], []]);
  });

  it('read/write classes as get_perm, including its prefix quirk', () => {
    expect(parsePermissions('system,call,message')).toEqual(['system', 'call', 'message']);
    expect(parsePermissions('all')).toContain('message');
    expect(parsePermissions('none')).toEqual([]);
    expect(parsePermissions('system, message')).toEqual(['system']);
    // An item before the last matches every class it begins: "s" grants system and security.
    expect(parsePermissions('s,call')).toEqual(['system', 'call', 'security']);
  });

  it('deny/permit: the last matching rule decides; IPv4-mapped addresses compare as IPv4', () => {
    const rules = [
      parseAclValue('deny', '0.0.0.0/0.0.0.0'),
      parseAclValue('permit', '10.0.0.0/255.0.0.0,!10.9.0.0/16'),
    ].flat();
    if (rules.some((rule) => typeof rule === 'string')) throw new Error('parse');
    const acl = compileAcl(rules as Exclude<(typeof rules)[number], string>[]);
    expect(acl.allows('10.1.2.3')).toBe(true);
    expect(acl.allows('::ffff:10.1.2.3')).toBe(true);
    expect(acl.allows('10.9.1.1')).toBe(false);
    expect(acl.allows('192.168.1.1')).toBe(false);
    expect(acl.allows('::1')).toBe(true);
    expect(parseAclValue('permit', 'not-an-ip')).toMatch(/not an IP address/);
    expect(parseAclValue('permit', '10.0.0.0/255.0.255.0')).toMatch(/mask/);
  });
});
