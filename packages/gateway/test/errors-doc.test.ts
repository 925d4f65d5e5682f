import { documentedCodes } from '@messagesend/core/testing';
import { expect, it } from 'vitest';
import { AriErrorCode, GatewayErrorCode } from '../src/errors.js';

it('docs/errors.md lists every gateway and ARI code', () => {
  expect(documentedCodes('@messagesend/gateway: thrown error codes')).toEqual(
    Object.values(GatewayErrorCode).sort(),
  );
  expect(documentedCodes('@messagesend/gateway: ARI error codes')).toEqual(
    Object.values(AriErrorCode).sort(),
  );
});
