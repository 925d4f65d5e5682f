/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { describe, expect, it } from 'vitest';
import { DialplanCode } from '../src/index.js';
import { substitute } from '../src/substitute.js';
import { loggedCodes, testState } from './state.js';

const variables = {
  NUM: '5551234',
  LIST: 'a,b,c',
  SIP: 'sip:bob@example.com',
  EMPTY: '',
  NAME: 'NUM',
  CASE: 'MiXeD',
};

// ${} rules from pbx_substitute_variables_helper and each function's documentation (func_*.c).
const cases: Array<[text: string, result: string, code?: string]> = [
  ['${NUM}', '5551234'],
  ['x${NUM}y', 'x5551234y'],
  ['${NUM:1}', '551234'],
  ['${NUM:0:3}', '555'],
  ['${NUM:-4}', '1234'], // negative offset counts from the end
  ['${NUM:-4:2}', '12'],
  ['${NUM:1:-2}', '5512'], // negative length leaves that many off the end
  ['${NUM:20}', ''],
  ['${${NAME}}', '5551234'], // nested names
  ['${UNSET}', ''],
  ['${EXTEN}', '1000'],
  ['${EXTEN:1}', '000'],
  ['${CONTEXT}', 'messages'],
  ['${PRIORITY}', '3'],
  ['$[1 + ${NUM:0:1}]', '6'],
  ['$[${NUM} = 5551234]', '1'],
  ['cost $5', 'cost $5'], // a lone $ is literal
  ['${LEN(${NUM})}', '7'],
  ['${LEN()}', '0'],
  ['${LEN(é)}', '2'], // bytes, as strlen
  ['${TOUPPER(${CASE})}', 'MIXED'],
  ['${TOLOWER(${CASE})}', 'mixed'],
  ['${IF($[1 = 1]?yes:no)}', 'yes'],
  ['${IF($[1 = 2]?yes:no)}', 'no'],
  ['${IF(0?yes)}', ''],
  ['${CUT(SIP,@,1)}', 'sip:bob'],
  ['${CUT(SIP,@,2)}', 'example.com'],
  ['${CUT(LIST,\\,,2)}', 'b'],
  ['${CUT(LIST,\\,,2-)}', 'b,c'],
  ['${CUT(LIST,\\,,-2)}', 'a,b'],
  ['${CUT(LIST,\\,,1&3)}', 'a,c'],
  ['${CUT(NUM,,1)}', '5551234'], // default delimiter '-'
  ['${CUT(SIP,@,1):4}', 'bob'], // substring of a function's result
  ['${CUT(TOLOWER(${SIP}),@,2)}', 'example.com'], // func_cut.c substitutes ${varname}: a function works
  ['${REGEX("^[0-9]+$" ${NUM})}', '1'],
  ['${REGEX("^[0-9]+$" abc)}', '0'],
  ['${REGEX("(" abc)}', '0', DialplanCode.Regex],
  ['${REPLACE(NUM,5,x)}', 'xxx1234'],
  ['${REPLACE(NUM,5)}', '1234'], // no replace-char removes
  ['${FILTER(0-9,+1 (555) 123)}', '1555123'],
  ['${FILTER(a-c,abcdef)}', 'abc'],
  ['${FILTER(0-9\\-,555-12 34)}', '555-1234'], // \- is a literal dash
  ['${FILTER(\\x41\\0102,ABCD)}', 'AB'], // hex and octal escapes
  ['${MESSAGE(body)}', 'hello'],
  ['${MESSAGE(from)}', 'sip:alice@example.com'],
  ['${MESSAGE(to)}', 'sip:1000@example.com'],
  ['${MESSAGE(BODY)}', 'hello'], // field names are case-insensitive
  ['${MESSAGE(nope)}', '', DialplanCode.BadArgument],
  ['${NOSUCHFUNC(x)}', '', DialplanCode.UnknownFunction],
  ['${NUM', '5551234', DialplanCode.Substitution], // unbalanced: the rest is the name, as Asterisk
  ['$[1 + 2', '3', DialplanCode.Substitution],
  ['$[5 / 0]', '2147483647', DialplanCode.Expression],
];

describe('substitution and functions', () => {
  it.each(cases)('%s -> "%s"', (text, result, code) => {
    const state = testState({ variables });
    expect(substitute(text, state)).toBe(result);
    expect(loggedCodes(state)).toEqual(code ? [code] : []);
  });

  it('SHIFT and POP remove the item they return', () => {
    const state = testState({ variables: { L: 'a,b,c', D: '1-2-3' } });
    expect(substitute('${SHIFT(L)}', state)).toBe('a');
    expect(state.variables.get('L')).toBe('b,c');
    expect(substitute('${POP(L)}', state)).toBe('c');
    expect(state.variables.get('L')).toBe('b');
    expect(substitute('${POP(D,-)}', state)).toBe('3');
    expect(substitute('${SHIFT(EMPTYLIST)}', state)).toBe('');
  });

  it('MESSAGE_DATA reads received headers without case and does not mark them outbound', () => {
    const state = testState();
    state.message.set('X-Received', 'r1', false);
    expect(substitute('${MESSAGE_DATA(x-received)}', state)).toBe('r1');
    expect(state.message.outboundData()).toEqual({});
  });

  it('a value growing past maxValueLength is cut with a warning', () => {
    const state = testState({ variables: { BIG: 'x'.repeat(600) } });
    state.limits.maxValueLength = 1000;
    expect(substitute('${BIG}${BIG}', state)).toHaveLength(1000);
    expect(loggedCodes(state)).toEqual([DialplanCode.ValueTooLong]);
  });

  it('a 64 KB body reads in full', () => {
    const state = testState();
    state.message.body = 'b'.repeat(65_536);
    expect(substitute('${LEN(${MESSAGE(body)})}', state)).toBe('65536');
  });
});
