import { describe, expect, it } from 'vitest';
import { confReader, type MsgError, parseAsteriskConf } from '../src/index.js';
import { assertNoSecrets } from '../src/testing/index.js';

const errorOf = (text: string): MsgError => {
  try {
    parseAsteriskConf(text, { file: 'pjsip.conf' });
  } catch (error) {
    return error as MsgError;
  }
  throw new Error('no error');
};

describe('.conf syntax errors never print a secret', () => {
  it.each([
    [
      '[auth1]\ntype=auth\npassword s3cret-value\n',
      /expected "key = value", got "password \*\*\*" \(pjsip\.conf:3\)/,
    ],
    ['[peer]\nsecret: s3cret-value\n', /got "secret \*\*\*"/],
    ['[peer]\nmd5cred s3cret-value\n', /got "md5cred \*\*\*"/],
    ['[a]\n#password s3cret-value\n', /unknown directive "#password \*\*\*"/],
    ['[secret=s3cret-value\n', /malformed section header "\[secret \*\*\*"/],
    ['[authentication]\nauth user:s3cret-value@realm\n', /got "auth \*\*\*"/],
  ])('%j', (text, message) => {
    const error = errorOf(text);
    expect(error.code).toBe('ERR_MSG_CONF_SYNTAX');
    expect(error.message).toMatch(message);
    assertNoSecrets(['s3cret-value'], { error });
  });

  it('a line with no secret-like word is still quoted in full', () => {
    expect(errorOf('[a]\nthis line is broken\n').message).toMatch(/got "this line is broken"/);
  });

  it('a typed reader masks the value of a secret-like key in its errors', () => {
    const conf = parseAsteriskConf('[a]\npassword=s3cret-value\ntimeout=s3cret-too\n');
    const reader = confReader(conf.sections[0]!, 'ERR_TEST');
    let failures: unknown[] = [];
    for (const read of [() => reader.bool('password'), () => reader.int('password')]) {
      try {
        read();
      } catch (error) {
        failures = [...failures, error];
      }
    }
    expect(failures).toHaveLength(2);
    assertNoSecrets(['s3cret-value'], { failures });
    expect(() => reader.int('timeout')).toThrow(/got "s3cret-too"/);
    // A loader's own message quoting the value (sip's auth= check) is masked too.
    expect(reader.error('password', 'expected user:secret@realm, got "s3cret-value"').message).toMatch(
      /^\[a\] password: expected user:secret@realm, got "\*\*\*"/,
    );
  });
});
