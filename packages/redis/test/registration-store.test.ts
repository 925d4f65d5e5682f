import { runningPeers } from '@messagesend/test-peers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RedisRegistrationStore, type RegistrationChange } from '../src/index.js';
import { cleanups, queueName, redis, until } from './helpers.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => expect(runningPeers()).toEqual([]));

const binding = (contact: string, ttlMs: number) => ({
  contact,
  expiresAt: Date.now() + ttlMs,
  callId: 'c1',
  cseq: 1,
  registeredAt: Date.now(),
});

async function open(url: string, name: string) {
  const store = await RedisRegistrationStore.open({ connection: url, name, resyncMs: 500 });
  cleanups.push(() => store.close());
  return store;
}

describe('RedisRegistrationStore on a real redis-server', () => {
  it('a change on one store reaches another through pub/sub; a store opened later loads it; the key expires', async () => {
    const server = await redis();
    const name = queueName();
    const a = await open(server.url, name);
    const b = await open(server.url, name);
    const changes: RegistrationChange[] = [];
    b.on('change', (change: RegistrationChange) => changes.push(change));
    a.replace('alice', [binding('sip:alice@127.0.0.1:5070', 1_500)]);
    await until('b sees alice', () => b.bindings('alice').length === 1, 5_000);
    expect(changes[0]).toMatchObject({ key: 'alice', local: false });
    const c = await open(server.url, name);
    expect(c.bindings('alice').map((x) => x.contact)).toEqual(['sip:alice@127.0.0.1:5070']);
    expect(c.size()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect([a.bindings('alice'), b.bindings('alice'), c.bindings('alice')]).toEqual([[], [], []]);
    const client = new Redis(server.url);
    expect(await client.exists(`ms:${name}:reg:alice`)).toBe(0);
    client.disconnect();
  });

  it('an unregister (empty bindings) is published too', async () => {
    const server = await redis();
    const name = queueName();
    const a = await open(server.url, name);
    const b = await open(server.url, name);
    a.replace('bob', [binding('sip:bob@127.0.0.1:5071', 60_000)]);
    await until('b sees bob', () => b.bindings('bob').length === 1, 5_000);
    a.replace('bob', []);
    await until('b sees bob gone', () => b.bindings('bob').length === 0, 5_000);
  });

  it('garbage published on the channel or written under its keys never reaches the mirror nor crashes', async () => {
    const server = await redis();
    const name = queueName();
    const store = await open(server.url, name);
    const client = new Redis(server.url);
    const channel = `ms:${name}:registrations`;
    for (const text of [
      '\u0000\u00ff',
      'null',
      '{"key":"x","bindings":[null]}',
      '{"key":"x","bindings":[{"contact":1}]}',
      '[]',
    ])
      await client.publish(channel, text);
    await client.set(`ms:${name}:reg:y`, '{not json');
    await client.set(`ms:${name}:reg:z`, '[{"contact":"sip:z@h"}]');
    await store.resync();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([store.bindings('x'), store.bindings('y'), store.bindings('z')]).toEqual([[], [], []]);
    client.disconnect();
  });

  it('survives a Redis restart: writes made after it reach the other store', async () => {
    const server = await redis();
    const name = queueName();
    const a = await open(server.url, name);
    const b = await open(server.url, name);
    await server.restart();
    await until(
      'a write after the restart reaches b',
      async () => {
        a.replace('carol', [binding('sip:carol@127.0.0.1:5072', 60_000)]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return b.bindings('carol').length === 1;
      },
      15_000,
    );
  });

  it('a REGISTER taken while Redis is down is kept locally and written once Redis is back', async () => {
    const server = await redis();
    const name = queueName();
    const a = await open(server.url, name);
    const b = await open(server.url, name);
    await server.kill();
    a.replace('dave', [binding('sip:dave@127.0.0.1:5073', 60_000)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.bindings('dave')).toHaveLength(1);
    await server.restart();
    await until('b sees dave after the restart', () => b.bindings('dave').length === 1, 15_000);
    expect(a.bindings('dave')).toHaveLength(1);
  });
});
