import { describe, expect, it } from 'vitest';
import { ErrorCode, Reason } from '../src/index.js';
import { documentedCodes } from '../src/testing/index.js';

describe('docs/errors.md', () => {
  it('lists exactly the thrown error codes', () => {
    expect(documentedCodes('Thrown error codes').sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('lists exactly the router reasons', () => {
    expect(documentedCodes('Send reasons from the router').sort()).toEqual(Object.values(Reason).sort());
  });
});
