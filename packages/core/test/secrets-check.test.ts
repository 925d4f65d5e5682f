import { describe, expect, it } from 'vitest';
import { assertNoSecrets, findSecrets } from '../src/testing/index.js';

describe('the secrets check', () => {
  it('finds a secret in strings, nested objects, arrays, Maps and Errors, in each written form', () => {
    const captured = {
      stdout: 'SUCCESS pjsip:sip:alice:***@host',
      stderr: 'ok',
      result: { warnings: ['x'], detail: { deeper: ['p@ss w0rd!'] } },
      log: new Map([['k', 'sip:a:p%40ss%20w0rd!@h']]),
      error: new Error('outer', { cause: new Error('line "p@ss w0rd!"') }),
      json: '{"line":"p@ss w0rd!"}',
    };
    expect(findSecrets(['p@ss w0rd!', 'never-there', ''], captured)).toEqual([
      'result: secret #1',
      'log: secret #1',
      'error: secret #1',
      'json: secret #1',
    ]);
  });

  it('fails without quoting the secret; passes when nothing leaks', () => {
    expect(() => assertNoSecrets(['s3cret'], { stdout: 'user s3cret' })).toThrow(/stdout: secret #1/);
    try {
      assertNoSecrets(['s3cret'], { stdout: 'user s3cret' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('s3cret');
    }
    expect(() => assertNoSecrets(['s3cret'], { stdout: 'user ***' })).not.toThrow();
  });
});
