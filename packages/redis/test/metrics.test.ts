import { createRouter } from '@messagesend/core';
import { pjsip } from '@messagesend/pjsip';
import { runningPeers } from '@messagesend/test-peers';
import * as prom from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSendQueue, registerQueueMetrics } from '../src/index.js';
import { cleanups, phone, pjsipConf, queueName, redis, until } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

describe('queue metrics for prom-client', () => {
  it('depth, attempts, retries and final outcomes appear in a real prom-client registry', async () => {
    const server = await redis();
    const busy = await phone(503);
    const router = createRouter({ techs: [pjsip({ config: pjsipConf(busy.uri('bob')) })] });
    await router.start();
    const queue = await createSendQueue({
      connection: server.url,
      router,
      name: queueName(),
      policy: { maxAttempts: 2, baseDelayMs: 20 },
    });
    cleanups.push(async () => {
      await queue.close();
      await router.close();
    });
    const registry = new prom.Registry();
    registerQueueMetrics(queue, prom, [registry]);
    const result = await queue.enqueue('pjsip:bob', { body: 'busy' });
    if (!result.ok) throw new Error(result.detail);
    await until('final', async () => (await queue.report(result.id))?.state === 'failed');
    const text = await registry.metrics();
    expect(text).toContain('messagesend_queue_depth{state="completed"} 1');
    expect(text).toContain('messagesend_queue_events{event="attempts"} 2');
    expect(text).toContain('messagesend_queue_events{event="retries"} 1');
    expect(text).toContain('messagesend_queue_events{event="final_failed"} 1');
  });
});
