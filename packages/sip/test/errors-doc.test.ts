import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { SipTechErrorCode, SipTechReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/sip', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/sip: thrown error codes')).toEqual(
      Object.values(SipTechErrorCode).sort(),
    ));
  it('send reasons', () =>
    expect(documentedCodes('@messagesend/sip: send reasons')).toEqual(Object.values(SipTechReason).sort()));
});
