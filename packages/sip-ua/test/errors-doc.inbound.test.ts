import { documentedCodes } from '@messagesend/core/testing';
import { expect, it } from 'vitest';
import { SipInbound } from '../src/index.js';

it('docs/errors.md lists exactly the inbound refusal counters of @messagesend/sip-ua', () =>
  expect(documentedCodes('@messagesend/sip-ua: inbound refusal counters')).toEqual(
    Object.values(SipInbound).sort(),
  ));
