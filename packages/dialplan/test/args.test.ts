import { describe, expect, it } from 'vitest';
import { isTrue, splitArgs, splitCondition } from '../src/args.js';

describe('splitArgs (__ast_app_separate_args)', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,"b,c",d', ['a', 'b,c', 'd']], // quotes group and are removed
    ['a,(b,c),d', ['a', '(b,c)', 'd']], // parentheses group and are kept
    ['a,[b,c]', ['a', '[b,c]']],
    ['a\\,b,c', ['a,b', 'c']], // a backslash keeps the next character
    ['', ['']],
    [' a , b ', [' a ', ' b ']], // no trimming
  ])('%s', (text, args) => expect(splitArgs(text)).toEqual(args));

  it('with a maximum, the last argument is the raw rest (MessageSend, R1.6.1)', () => {
    expect(splitArgs('pjsip:bob,"Bob" <sip:b@h>,"X" <sip:x@h>,more', 3)).toEqual([
      'pjsip:bob',
      'Bob <sip:b@h>',
      '"X" <sip:x@h>,more',
    ]);
  });
});

describe('conditions (pbx_checkcondition)', () => {
  it.each([
    ['', false],
    ['0', false],
    ['00', false],
    ['0abc', false], // atoi
    ['1', true],
    ['12x', true],
    ['abc', true],
    [' 0', true], // not a digit first
    ['-1', true],
  ])('"%s" is %s', (condition, expected) => expect(isTrue(condition)).toBe(expected));

  it('splits condition?true:false, keeping colons inside parentheses', () => {
    expect(splitCondition('1?MessageSend(sip:a):NoOp(x:y)')).toEqual({
      condition: '1',
      ifTrue: 'MessageSend(sip:a)',
      ifFalse: 'NoOp(x:y)',
    });
    expect(splitCondition('0?label')).toEqual({ condition: '0', ifTrue: 'label', ifFalse: undefined });
  });
});
