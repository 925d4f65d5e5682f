import { createRouter, isMsgError } from '@messagesend/core';
import { pjsip } from '@messagesend/pjsip';
import { freePort, runningPeers } from '@messagesend/test-peers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSendQueue, RedisErrorCode, RedisReason, type SendQueue } from '../src/index.js';
import { callIds, cleanups, phone, pjsipConf, queueName, redis, until } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

async function queueFor(
  url: string,
  contact: string,
  extra: Partial<Parameters<typeof createSendQueue>[0]> = {},
) {
  const router = createRouter({ techs: [pjsip({ config: pjsipConf(contact) })] });
  await router.start();
  const queue = await createSendQueue({ connection: url, router, name: queueName(), ...extra });
  cleanups.push(async () => {
    await queue.close();
    await router.close();
  });
  return queue;
}

async function finalOf(queue: SendQueue, id: string) {
  let report = await queue.report(id);
  await until(`report of ${id}`, async () => {
    report = await queue.report(id);
    return report !== undefined && !['queued', 'sending', 'retrying'].includes(report.state);
  });
  return report!;
}

describe('send queue against redis-server and a SIPp UAS', () => {
  it('enqueue returns an id at once; the worker delivers with the id as Call-ID; the report is readable', async () => {
    const server = await redis();
    const uas = await phone();
    const queue = await queueFor(server.url, uas.uri('bob'));
    const result = await queue.enqueue('pjsip:bob', { body: 'queued hello' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = await finalOf(queue, result.id);
    expect(report).toMatchObject({
      id: result.id,
      state: 'delivered',
      status: 'SUCCESS',
      outcome: 'delivered',
      code: 200,
    });
    expect([...callIds(uas).keys()]).toEqual([result.id]);
    const stats = await queue.stats();
    expect(stats).toMatchObject({ enqueued: 1, attempts: 1, retries: 0, final: { delivered: 1 } });
  });

  it('Message.id is the Call-ID of a direct send; an id that could inject a header is INVALID_MESSAGE', async () => {
    const uas = await phone();
    const router = createRouter({ techs: [pjsip({ config: pjsipConf(uas.uri('bob')) })] });
    cleanups.push(() => router.close());
    await router.start();
    const sent = await router.send('pjsip:bob', { body: 'x', id: 'abc-123' }, { waitForDelivery: true });
    expect((await sent.delivery).outcome).toBe('delivered');
    expect([...callIds(uas).keys()]).toEqual(['abc-123']);
    expect(await router.send('pjsip:bob', { body: 'x', id: 'a\r\nVia: evil' })).toMatchObject({
      status: 'FAILURE',
      reason: 'INVALID_MESSAGE',
    });
  });

  it('a repeated enqueue with the same idempotency key is a no-op returning the same id', async () => {
    const server = await redis();
    const uas = await phone();
    const queue = await queueFor(server.url, uas.uri('bob'));
    const first = await queue.enqueue('pjsip:bob', { body: 'once' }, { idempotencyKey: 'order-42' });
    const second = await queue.enqueue('pjsip:bob', { body: 'once' }, { idempotencyKey: 'order-42' });
    expect(first).toEqual(second);
    await finalOf(queue, (first as { id: string }).id);
    const third = await queue.enqueue('pjsip:bob', { body: 'once' }, { idempotencyKey: 'order-42' });
    expect(third).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...callIds(uas).values()]).toEqual([1]);
  });

  it('503 is retried with the same Call-ID and CSeq up to maxAttempts; 404 is final at once', async () => {
    const server = await redis();
    const busy = await phone(503);
    const queue = await queueFor(server.url, busy.uri('bob'), {
      policy: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
    });
    const retried = await queue.enqueue('pjsip:bob', { body: 'retry me' });
    const report = await finalOf(queue, (retried as { id: string }).id);
    expect(report).toMatchObject({
      state: 'failed',
      reason: RedisReason.AttemptsExhausted,
      code: 503,
      attempts: 3,
    });
    const sent = busy.requests().filter((r) => r.firstLine.startsWith('MESSAGE'));
    expect(sent).toHaveLength(3);
    const identity = (name: string) => new Set(sent.map((r) => r.headers.find(([n]) => n === name)?.[1]));
    expect(identity('Call-ID')).toEqual(new Set([(retried as { id: string }).id]));
    expect(identity('CSeq')).toEqual(new Set(['1 MESSAGE']));

    const gone = await phone(404);
    const queue404 = await queueFor(server.url, gone.uri('bob'));
    const final = await queue404.enqueue('pjsip:bob', { body: 'no such user' });
    expect(await finalOf(queue404, (final as { id: string }).id)).toMatchObject({
      state: 'failed',
      code: 404,
      attempts: 1,
    });
  });

  it('a bad destination is final at once (INVALID_URI / unknown technology), never retried', async () => {
    const server = await redis();
    const uas = await phone();
    const queue = await queueFor(server.url, uas.uri('bob'));
    const result = await queue.enqueue('nosuchtech:bob', { body: 'x' });
    expect(await finalOf(queue, (result as { id: string }).id)).toMatchObject({
      state: 'failed',
      attempts: 1,
    });
  });

  it('a job whose payload does not decode is moved aside with its error, not retried', async () => {
    const server = await redis();
    const uas = await phone();
    const name = queueName();
    const queue = await queueFor(server.url, uas.uri('bob'), { name });
    const raw = new Queue(name, { connection: { host: server.host, port: server.port } });
    await raw.add('send', { v: 1, destination: 42, garbage: true }, { jobId: `m${'0'.repeat(32)}` });
    await raw.close();
    const report = await finalOf(queue, `m${'0'.repeat(32)}`);
    expect(report).toMatchObject({ state: 'failed', reason: RedisReason.Undecodable });
    expect((await queue.stats()).depth.failed).toBe(1);
    expect(callIds(uas).size).toBe(0);
  });

  it('bad input and limits get a clear status: too large, queue full, invalid message', async () => {
    const server = await redis();
    const name = queueName();
    const producer = await createSendQueue({
      connection: server.url,
      name,
      maxMessageBytes: 1_000,
      maxQueueLength: 2,
    });
    cleanups.push(() => producer.close());
    expect(await producer.enqueue('pjsip:bob', { body: 'x'.repeat(2_000) })).toMatchObject({
      ok: false,
      reason: RedisReason.MessageTooLarge,
    });
    expect(await producer.enqueue('pjsip:bob', { body: 42 } as never)).toMatchObject({
      ok: false,
      reason: RedisReason.InvalidRequest,
    });
    expect(await producer.enqueue('pjsip:bob', { body: 'a', id: 'x\r\nVia: evil' } as never)).toMatchObject({
      ok: true,
    });
    await producer.enqueue('pjsip:bob', { body: 'b' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await producer.enqueue('pjsip:bob', { body: 'c' })).toMatchObject({
      ok: false,
      reason: RedisReason.QueueFull,
    });
    expect(await producer.report('not-an-id')).toBeUndefined();
  });

  it('an unreachable Redis at start is ERR_MSG_REDIS_UNREACHABLE within the bound, without the password', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await createSendQueue({
      connection: `redis://user:s3cret@127.0.0.1:${port}`,
      connectTimeoutMs: 1_000,
    }).catch((e: unknown) => e);
    expect(isMsgError(error, RedisErrorCode.Unreachable)).toBe(true);
    expect(String((error as Error).message)).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('arbitrary bytes in a stored report or a garbage id do not crash report()', async () => {
    const server = await redis();
    const name = queueName();
    const producer = await createSendQueue({ connection: server.url, name });
    cleanups.push(() => producer.close());
    const client = new Redis(server.url);
    await client.set(`bull:${name}:m${'1'.repeat(32)}`, '\u0000\u00ff');
    client.disconnect();
    expect(await producer.report(`m${'1'.repeat(32)}`).catch((e: unknown) => e)).not.toBeInstanceOf(
      TypeError,
    );
    expect(await producer.report('../../etc')).toBeUndefined();
  });
});
