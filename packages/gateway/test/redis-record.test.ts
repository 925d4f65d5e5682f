import { describe, expect, it } from 'vitest';
import { queuedDeliveryRecord, redactRedisUrl } from '../src/front-ends/redis.js';

describe('queuedDeliveryRecord: a queue report in the deliveries GET shape', () => {
  it('a message not final yet is pending with its state and attempts', () => {
    expect(queuedDeliveryRecord({ id: 'm1', state: 'retrying', attempts: 2 })).toEqual({
      message_id: 'm1',
      outcome: 'pending',
      state: 'retrying',
      attempts: 2,
    });
  });

  it('a delivered message carries its outcome, code and elapsed time', () => {
    const record = queuedDeliveryRecord({
      id: 'm2',
      state: 'delivered',
      destination: 'pjsip:bob',
      status: 'SUCCESS',
      outcome: 'delivered',
      code: 200,
      attempts: 1,
      enqueuedAt: 1_000,
      finishedAt: 1_250,
    });
    expect(record).toEqual({
      message_id: 'm2',
      destination: 'pjsip:bob',
      outcome: 'delivered',
      state: 'delivered',
      attempts: 1,
      code: 200,
      elapsed_ms: 250,
    });
  });

  it('a stored message is still pending for the caller, with the time it is kept until', () => {
    const record = queuedDeliveryRecord({
      id: 'm3',
      state: 'stored',
      destination: 'pjsip:bob',
      outcome: 'error',
      reason: 'REDIS_STORED',
      attempts: 1,
      enqueuedAt: 0,
      finishedAt: 10,
      storedUntil: Date.UTC(2030, 0, 1),
    });
    expect(record).toMatchObject({
      outcome: 'pending',
      state: 'stored',
      stored_until: '2030-01-01T00:00:00.000Z',
    });
    expect(record).not.toHaveProperty('elapsed_ms');
  });

  it('an expired or undecodable message with no attempt outcome is not-sent', () => {
    const record = queuedDeliveryRecord({
      id: 'm4',
      state: 'expired',
      destination: 'pjsip:bob',
      reason: 'REDIS_STORED_EXPIRED',
      attempts: 1,
      enqueuedAt: 0,
      finishedAt: 5,
    });
    expect(record).toMatchObject({ outcome: 'not-sent', state: 'expired', reason: 'REDIS_STORED_EXPIRED' });
  });
});

describe('redactRedisUrl', () => {
  it('drops user and password, keeps where it goes', () => {
    expect(redactRedisUrl('redis://user:s3cret@redis.internal:6380/2')).toBe('redis://redis.internal:6380/2');
    expect(redactRedisUrl('redis://:s3cret@127.0.0.1:6379')).not.toContain('s3cret');
  });

  it('an unparsable URL is named as such, never echoed', () => {
    expect(redactRedisUrl('redis://:pw@[bad')).toBe('an unparsable URL');
  });
});
