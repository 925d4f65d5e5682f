import { MsgError } from '@messagesend/core';
import { runningPeers } from '@messagesend/test-peers';
import * as prom from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createSendQueue,
  DEFAULT_READ_TIMEOUT_MS,
  RedisErrorCode,
  registerQueueMetrics,
} from '../src/index.js';
import { cleanups, queueName, redis } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

/** What `work` settled with, and after how long. */
async function settle(
  work: () => Promise<unknown>,
): Promise<{ value?: unknown; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

const timedOut = (error: unknown) => error instanceof MsgError && error.code === RedisErrorCode.Timeout;

/** A queue with one message in it, on a real redis-server that is then stopped (SIGTERM). */
async function queueWithRedisStopped(options: { readTimeoutMs?: number } = {}) {
  const server = await redis();
  const queue = await createSendQueue({ connection: server.url, name: queueName(), ...options });
  cleanups.push(() => queue.close());
  const added = await queue.enqueue('pjsip:bob', { body: 'waiting' });
  if (!added.ok) throw new Error(added.detail);
  // While Redis answers, the reads do.
  expect(await queue.report(added.id)).toMatchObject({ state: 'queued' });
  expect((await queue.stats()).depth.waiting).toBe(1);
  await server.shutdown();
  return { server, queue, id: added.id };
}

describe('reads are bounded while Redis is unreachable', () => {
  it('report() and stats() reject with ERR_MSG_REDIS_TIMEOUT after readTimeoutMs, then answer again once Redis is back', async () => {
    const { server, queue, id } = await queueWithRedisStopped({ readTimeoutMs: 300 });
    const report = await settle(() => queue.report(id));
    const stats = await settle(() => queue.stats());
    for (const read of [report, stats]) {
      expect(timedOut(read.error)).toBe(true);
      // Timers never fire early, so the lower bound holds however loaded the machine is.
      expect(read.ms).toBeGreaterThanOrEqual(290);
    }
    expect((report.error as Error).message).toBe(`the report of ${id}: Redis did not answer within 300 ms`);
    await server.restart();
    // No persistence: the restarted Redis is empty, and the queue reads it again.
    expect(await queue.report(id)).toBeUndefined();
    expect((await queue.stats()).depth.waiting).toBe(0);
  });

  it('the default bound is 2 s', async () => {
    expect(DEFAULT_READ_TIMEOUT_MS).toBe(2_000);
    const { queue, id } = await queueWithRedisStopped();
    const report = await settle(() => queue.report(id));
    expect(timedOut(report.error)).toBe(true);
    expect(report.ms).toBeGreaterThanOrEqual(DEFAULT_READ_TIMEOUT_MS - 10);
  });

  it('a metrics scrape rejects with ERR_MSG_REDIS_TIMEOUT after its own timeoutMs, even for a queue whose stats() never settles', async () => {
    const { queue } = await queueWithRedisStopped({ readTimeoutMs: 60_000 });
    const registry = new prom.Registry();
    registerQueueMetrics(queue, prom, [registry], { timeoutMs: 300 });
    const first = await settle(() => registry.metrics());
    expect(timedOut(first.error)).toBe(true);
    expect(first.ms).toBeGreaterThanOrEqual(290);
    // A later scrape is bounded too (the shared read of a scrape is not kept once it failed).
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(timedOut((await settle(() => registry.metrics())).error)).toBe(true);

    const never = new prom.Registry();
    registerQueueMetrics({ ...queue, stats: () => new Promise(() => {}) }, prom, [never]);
    const hung = await settle(() => never.metrics());
    expect(timedOut(hung.error)).toBe(true);
    expect(hung.ms).toBeGreaterThanOrEqual(DEFAULT_READ_TIMEOUT_MS - 10);
  });

  it('a bound that is not a positive number is ERR_MSG_REDIS_INVALID_OPTION', async () => {
    const server = await redis();
    await expect(
      createSendQueue({ connection: server.url, name: queueName(), readTimeoutMs: 0 }),
    ).rejects.toMatchObject({ code: RedisErrorCode.InvalidOption });
    const queue = await createSendQueue({ connection: server.url, name: queueName() });
    cleanups.push(() => queue.close());
    expect(() => registerQueueMetrics(queue, prom, [new prom.Registry()], { timeoutMs: Number.NaN })).toThrow(
      expect.objectContaining({ code: RedisErrorCode.InvalidOption }),
    );
  });
});
