import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { PjsipErrorCode, PjsipReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/pjsip', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/pjsip: thrown error codes')).toEqual(
      Object.values(PjsipErrorCode).sort(),
    ));
  it('send reasons', () =>
    expect(documentedCodes('@messagesend/pjsip: send reasons')).toEqual(Object.values(PjsipReason).sort()));
});
