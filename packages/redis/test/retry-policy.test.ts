import type { DeliveryReport, SendResult } from '@messagesend/core';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classify,
  DEFAULT_RETRY_POLICY,
  decodePayload,
  mergePolicy,
  techOf,
} from '../src/index.js';

const result = (status: SendResult['status'], reason?: string): SendResult => ({
  status,
  ...(reason ? { reason } : {}),
  warnings: [],
  delivery: Promise.resolve({ outcome: 'delivered', elapsedMs: 0 }),
});
const report = (outcome: DeliveryReport['outcome'], code?: number | string): DeliveryReport => ({
  outcome,
  ...(code !== undefined ? { code } : {}),
  elapsedMs: 1,
});

describe('retry policy by outcome', () => {
  const policy = DEFAULT_RETRY_POLICY;
  it.each([408, 480, 500, 503])('%i is retried', (code) =>
    expect(classify(result('FAILURE', 'DELIVERY_REJECTED'), report('rejected', code), policy).kind).toBe(
      'retry',
    ),
  );
  it.each([403, 404, 415, 488])('%i is final at once', (code) =>
    expect(classify(result('FAILURE', 'DELIVERY_REJECTED'), report('rejected', code), policy).kind).toBe(
      'final',
    ),
  );
  it('a timeout and a reconnecting XMPP account are retried; INVALID_URI is final; no contact is no-contact', () => {
    expect(classify(result('FAILURE', 'DELIVERY_TIMEOUT'), report('timeout'), policy).kind).toBe('retry');
    expect(classify(result('FAILURE', 'XMPP_NOT_CONNECTED'), report('not-sent'), policy).kind).toBe('retry');
    expect(classify(result('INVALID_URI', 'DESTINATION_UNPARSABLE'), report('not-sent'), policy).kind).toBe(
      'final',
    );
    expect(classify(result('FAILURE', 'PJSIP_NO_CONTACT'), report('not-sent'), policy).kind).toBe(
      'no-contact',
    );
    expect(classify(result('SUCCESS'), report('delivered', 200), policy).kind).toBe('delivered');
  });
  it('per technology and per call layers win over the defaults, undefined does not erase', () => {
    const merged = mergePolicy(
      { maxAttempts: 9 },
      { retryCodes: [486] },
      { maxAttempts: undefined, jitter: 0 },
    );
    expect(merged).toMatchObject({ maxAttempts: 9, retryCodes: [486], jitter: 0, baseDelayMs: 1_000 });
    expect(classify(result('FAILURE'), report('rejected', 503), merged).kind).toBe('final');
  });
  it('backoff doubles, is capped, and its jitter stays within the jitter share', () => {
    const p = mergePolicy({ baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, p, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(3, p, () => 0)).toBe(200);
  });
});

describe('payload decoding: anything not written by enqueue is refused with a reason', () => {
  const good = { v: 1, destination: 'pjsip:bob', message: { body: 'hi' }, enqueuedAt: 1 };
  it('accepts what enqueue writes', () => expect(decodePayload(good)).toEqual(good));
  it.each([
    null,
    'text',
    { ...good, v: 2 },
    { ...good, destination: 42 },
    { ...good, message: { body: 7 } },
    { ...good, message: { body: 'x', data: { a: 1 } } },
    { ...good, timeoutMs: 'soon' },
    { ...good, enqueuedAt: undefined },
  ])('refuses %j', (data) => expect(typeof decodePayload(data)).toBe('string'));
  it('technology names for per-technology policies', () =>
    expect(['pjsip:bob', 'PJSIP/bob', 'xmpp:a', 'nothing'].map(techOf)).toEqual([
      'pjsip',
      'pjsip',
      'xmpp',
      '',
    ]));
});
