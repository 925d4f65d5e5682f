import { runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSendQueue, type EnqueueResult, RedisReason } from '../src/index.js';
import { startGatewayProcess } from './fixtures/gateway-process.js';
import { callIds, cleanups, phone, pjsipConf, queueName, redis, until } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const COUNT = 300;

describe('fault: Redis crashes (kill -9) and restarts during a burst', () => {
  it('with appendonly yes and appendfsync always, every accepted message is delivered once Redis is back', async () => {
    const server = await redis({ appendonly: true });
    const uas = await phone();
    const name = queueName();
    const producer = await createSendQueue({ connection: server.url, name, enqueueTimeoutMs: 1_000 });
    cleanups.push(() => producer.close());
    const results: EnqueueResult[] = [];
    const burst = (async () => {
      for (let i = 0; i < COUNT; i++)
        results.push(
          await producer.enqueue('pjsip:bob', { body: `burst ${i}` }, { idempotencyKey: `burst-${i}` }),
        );
    })();
    await until('a third of the burst enqueued', () => results.length >= COUNT / 3);
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart();
    await burst;
    // The worker starts only now: every accepted job had to survive the crash inside Redis (AOF).
    const worker = await startGatewayProcess({
      redisUrl: server.url,
      pjsipConf: pjsipConf(uas.uri('bob')),
      queue: name,
      concurrency: 8,
    });
    cleanups.push(() => worker.stop());

    const accepted = results.flatMap((result) => (result.ok ? [result.id] : []));
    const refused = results.filter((result) => !result.ok);
    // A refusal during the outage is a clear status, never a silent drop or a hang.
    for (const result of refused) expect(result).toMatchObject({ reason: RedisReason.Unavailable });
    await until(`${accepted.length} accepted messages at the UAS`, () => {
      const received = callIds(uas);
      return accepted.every((id) => received.has(id));
    });
    const received = callIds(uas);
    const duplicated = accepted.filter((id) => (received.get(id) ?? 0) > 1);
    console.log(
      `redis restart: accepted ${accepted.length}, refused during outage ${refused.length}, delivered ` +
        `${accepted.filter((id) => received.has(id)).length}, lost 0, duplicated ${duplicated.length}`,
    );
    expect(accepted.length).toBeGreaterThan(COUNT / 3);
    expect(duplicated.length).toBeLessThanOrEqual(8);

    // The documented way to be sure of a refused one: enqueue again with the same key.
    const retried = await Promise.all(
      results.map((result, i) =>
        result.ok
          ? result
          : producer.enqueue('pjsip:bob', { body: `burst ${i}` }, { idempotencyKey: `burst-${i}` }),
      ),
    );
    expect(retried.every((result) => result.ok)).toBe(true);
    await until('all of the burst at the UAS', () => callIds(uas).size >= COUNT);
  });
});
