import { registerScenario, runningPeers, runSippUac } from '@messagesend/test-peers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSendQueue, type FinalReport, RedisReason } from '../src/index.js';
import { startGatewayProcess } from './fixtures/gateway-process.js';
import { callIds, cleanups, phone, queueName, redis, until } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const conf = `
[global]
type=global
endpoint_identifier_order=username

[udp]
type=transport
protocol=udp
bind=127.0.0.1:0

[phone]
type=endpoint
aors=phone

[phone]
type=aor
max_contacts=1
remove_existing=yes
minimum_expiration=1
`;

async function twoGateways(redisUrl: string, name: string) {
  const config = { redisUrl, pjsipConf: conf, queue: name, registrations: true, concurrency: 4 };
  const one = await startGatewayProcess(config);
  cleanups.push(() => one.stop());
  const two = await startGatewayProcess(config);
  cleanups.push(() => two.stop());
  return [one, two] as const;
}

describe('two gateway processes on one Redis', () => {
  it('a phone registered to the first is reached by a send on the second; its expiry is seen by both', async () => {
    const server = await redis();
    const uas = await phone(202);
    const name = queueName();
    const [one, two] = await twoGateways(server.url, name);
    const registered = await runSippUac({
      target: `${one.udp.host}:${one.udp.port}`,
      scenario: registerScenario({
        aor: `sip:phone@${one.udp.host}:${one.udp.port}`,
        contact: uas.uri('phone'),
        expires: 3,
      }),
    });
    expect(registered.exit.code, registered.errors.join('\n')).toBe(0);
    await until('the second process sees the binding', async () =>
      (await two.call<string[]>('bindings', { key: 'phone' })).includes(uas.uri('phone')),
    );
    const sent = await two.call<{ status: string; delivery: { outcome: string } }>('send', {
      destination: 'pjsip:phone',
      message: { body: 'from the second process' },
    });
    expect(sent).toMatchObject({ status: 'SUCCESS', delivery: { outcome: 'delivered' } });
    expect(uas.requests().map((r) => r.body)).toEqual(['from the second process']);

    await new Promise((resolve) => setTimeout(resolve, 3_300));
    expect(await one.call('bindings', { key: 'phone' })).toEqual([]);
    expect(await two.call('bindings', { key: 'phone' })).toEqual([]);
    expect(await two.call('send', { destination: 'pjsip:phone', message: { body: 'gone' } })).toMatchObject({
      status: 'FAILURE',
      reason: 'PJSIP_NO_CONTACT',
    });
    // The Redis key expired with its binding: nothing stale for a process started later.
    const client = new Redis(server.url);
    expect(await client.keys(`ms:${name}:reg:*`)).toEqual([]);
    client.disconnect();
  });

  it('a phone offline: 50 messages are stored, it registers to either process, all 50 arrive in order, once', async () => {
    const server = await redis();
    const uas = await phone(202);
    const name = queueName();
    const [one, two] = await twoGateways(server.url, name);
    const producer = await createSendQueue({ connection: server.url, name });
    cleanups.push(() => producer.close());
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const result = await producer.enqueue('pjsip:phone', { body: `offline ${i}` }, { storeForMs: 60_000 });
      if (!result.ok) throw new Error(result.detail);
      ids.push(result.id);
    }
    await until('all 50 stored', async () => (await producer.stats()).depth.stored === 50);
    expect(((await producer.report(ids[0]!)) as FinalReport).state).toBe('stored');
    expect(callIds(uas).size).toBe(0);

    const registered = await runSippUac({
      target: `${two.udp.host}:${two.udp.port}`,
      scenario: registerScenario({
        aor: `sip:phone@${two.udp.host}:${two.udp.port}`,
        contact: uas.uri('phone'),
        expires: 60,
      }),
    });
    expect(registered.exit.code, registered.errors.join('\n')).toBe(0);
    await until('50 messages at the phone', () => callIds(uas).size >= 50);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const bodies = uas
      .requests()
      .filter((r) => r.firstLine.startsWith('MESSAGE'))
      .map((r) => r.body);
    expect(bodies).toEqual(Array.from({ length: 50 }, (_, i) => `offline ${i}`));
    expect([...callIds(uas).keys()]).toEqual(ids);
    await until('reports delivered', async () => (await producer.report(ids[49]!))?.state === 'delivered');
    expect((await producer.stats()).depth.stored).toBe(0);
    expect(await one.call('bindings', { key: 'phone' })).toEqual([uas.uri('phone')]);
  });

  it('a stored message past its storeForMs is not sent when the phone registers: report expired', async () => {
    const server = await redis();
    const uas = await phone(202);
    const name = queueName();
    const [one] = await twoGateways(server.url, name);
    const producer = await createSendQueue({ connection: server.url, name });
    cleanups.push(() => producer.close());
    const result = await producer.enqueue('pjsip:phone', { body: 'too late' }, { storeForMs: 300 });
    if (!result.ok) throw new Error(result.detail);
    await until('stored', async () => (await producer.report(result.id))?.state === 'stored');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const registered = await runSippUac({
      target: `${one.udp.host}:${one.udp.port}`,
      scenario: registerScenario({
        aor: `sip:phone@${one.udp.host}:${one.udp.port}`,
        contact: uas.uri('phone'),
        expires: 60,
      }),
    });
    expect(registered.exit.code, registered.errors.join('\n')).toBe(0);
    await until(
      'expired report',
      async () => (await producer.report(result.id))?.state === 'expired',
      10_000,
    );
    expect(await producer.report(result.id)).toMatchObject({ reason: RedisReason.StoredExpired });
    expect(callIds(uas).size).toBe(0);
  });

  it('without opting in, a message to an unregistered phone is final at once with PJSIP_NO_CONTACT', async () => {
    const server = await redis();
    const name = queueName();
    await twoGateways(server.url, name);
    const producer = await createSendQueue({ connection: server.url, name });
    cleanups.push(() => producer.close());
    const result = await producer.enqueue('pjsip:phone', { body: 'nobody home' });
    if (!result.ok) throw new Error(result.detail);
    await until('final report', async () => (await producer.report(result.id))?.state === 'failed');
    expect(await producer.report(result.id)).toMatchObject({ reason: 'PJSIP_NO_CONTACT', attempts: 1 });
  });
});
