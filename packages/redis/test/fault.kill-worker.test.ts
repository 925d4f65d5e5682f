import { runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSendQueue } from '../src/index.js';
import { startGatewayProcess } from './fixtures/gateway-process.js';
import { callIds, cleanups, phone, pjsipConf, queueName, redis, until } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const COUNT = 1_000;
const CONCURRENCY = 16;

describe('fault: kill -9 of a worker process with many messages queued and in flight', () => {
  it(`all ${COUNT} reach the SIPp UAS after a second worker takes over; duplicates only for in-flight ones, same Call-ID`, async () => {
    const server = await redis();
    const uas = await phone();
    const name = queueName();
    const producer = await createSendQueue({ connection: server.url, name });
    cleanups.push(() => producer.close());
    const config = {
      redisUrl: server.url,
      pjsipConf: pjsipConf(uas.uri('bob')),
      queue: name,
      concurrency: CONCURRENCY,
      lockDurationMs: 2_000,
    };
    const first = await startGatewayProcess(config);
    cleanups.push(() => first.stop());

    const ids: string[] = [];
    for (let batch = 0; batch < COUNT / 100; batch++) {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          producer.enqueue('pjsip:bob', { body: `message ${batch * 100 + i}` }),
        ),
      );
      for (const result of results) {
        expect(result.ok).toBe(true);
        if (result.ok) ids.push(result.id);
      }
    }
    await until('the first worker is sending', () => callIds(uas).size >= 150);
    await first.kill();
    const beforeTakeover = callIds(uas).size;
    expect(beforeTakeover).toBeLessThan(COUNT);

    const second = await startGatewayProcess(config);
    cleanups.push(() => second.stop());
    await until(`all ${COUNT} messages at the UAS`, () => callIds(uas).size >= COUNT, 110_000);

    const received = callIds(uas);
    const lost = ids.filter((id) => !received.has(id));
    const duplicated = [...received.entries()].filter(([, count]) => count > 1);
    // The report the gateway reads: printed for the fault table.
    console.log(
      `kill -9 worker: accepted ${ids.length}, delivered ${ids.length - lost.length}, lost ${lost.length}, ` +
        `duplicated ${duplicated.length} (sent before the kill: ${beforeTakeover})`,
    );
    expect(lost).toEqual([]);
    // A resend carries the same identity: same Call-ID (counted above) and the same CSeq.
    const cseqs = new Set(uas.requests().map((r) => r.headers.find(([n]) => n === 'CSeq')?.[1]));
    expect(cseqs).toEqual(new Set(['1 MESSAGE']));
    expect([...received.keys()].every((id) => ids.includes(id))).toBe(true);
    // Only a send in flight at the crash (at most the worker's concurrency) goes out twice.
    expect(duplicated.length).toBeLessThanOrEqual(CONCURRENCY);
    await until('every report final', async () => (await producer.stats()).depth.completed === COUNT);
    const reports = await Promise.all(ids.slice(0, 50).map((id) => producer.report(id)));
    expect(reports.every((report) => report?.state === 'delivered')).toBe(true);
  });
});
