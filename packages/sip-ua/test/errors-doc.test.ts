import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { SipErrorCode, SipReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/sip-ua', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/sip-ua: thrown error codes')).toEqual(
      Object.values(SipErrorCode).sort(),
    ));
  it('send reasons', () =>
    expect(documentedCodes('@messagesend/sip-ua: send reasons')).toEqual(Object.values(SipReason).sort()));
});
