import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { XmppErrorCode, XmppReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/xmpp', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/xmpp: thrown error codes')).toEqual(
      Object.values(XmppErrorCode).sort(),
    ));
  it('send reasons and delivery codes', () =>
    expect(documentedCodes('@messagesend/xmpp: send reasons and delivery codes')).toEqual(
      Object.values(XmppReason).sort(),
    ));
});
