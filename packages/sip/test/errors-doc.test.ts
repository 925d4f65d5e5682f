import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { ChanSipErrorCode, ChanSipReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/sip', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/sip (chan_sip): thrown error codes')).toEqual(
      Object.values(ChanSipErrorCode).sort(),
    ));
  it('send reasons', () =>
    expect(documentedCodes('@messagesend/sip (chan_sip): send reasons')).toEqual(
      Object.values(ChanSipReason).sort(),
    ));
});
