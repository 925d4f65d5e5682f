import { rawSipClient, runningPeers } from '@messagesend/test-peers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  applyRegister,
  DEFAULT_MAX_AORS,
  DEFAULT_MAX_CONTACTS,
  MemoryRegistrationStore,
  parseRegister,
} from '../src/index.js';
import { closeStacks, testStack } from './helpers/stack.js';

afterEach(closeStacks);
afterAll(() => expect(runningPeers()).toEqual([]));

describe('a registrar with dynamic AORs (one per To user) under a flood of new AORs, over real UDP', () => {
  it('stops at maxAors with 503 and Retry-After, while an AOR already registered keeps refreshing', async () => {
    expect([DEFAULT_MAX_AORS, DEFAULT_MAX_CONTACTS]).toEqual([10_000, 100]);
    const store = new MemoryRegistrationStore();
    const stack = await testStack({
      onRequest: (request) => {
        const parsed = parseRegister(request);
        if (typeof parsed === 'string') return { status: 400, reason: parsed };
        const user = /sip:([^@]+)@/.exec(parsed.aor)?.[1] ?? '';
        return applyRegister(store, user, parsed, { maxAors: 5 }, request);
      },
    });
    const udp = stack.address('udp')!;
    const target = { host: udp.host, port: udp.port };
    const flooder = await rawSipClient('127.0.0.3');
    const owner = await rawSipClient('127.0.0.2');
    const registerAs = (user: string, contact: string) => ({
      method: 'REGISTER',
      uri: `sip:${udp.host}:${udp.port}`,
      from: `<sip:${user}@${udp.host}>;tag=t`,
      to: `<sip:${user}@${udp.host}>`,
      headers: [`Contact: <${contact}>`, 'Expires: 600'],
    });
    try {
      expect((await owner.send(target, registerAs('owner', 'sip:owner@127.0.0.2'))).status).toBe(200);
      const statuses: number[] = [];
      const retryAfter = new Set<string | undefined>();
      let ownerAnswered = 0;
      for (let i = 0; i < 30; i++) {
        const response = await flooder.send(target, registerAs(`user${i}`, `sip:user${i}@127.0.0.3`));
        statuses.push(response.status);
        if (response.status === 503) retryAfter.add(response.header('Retry-After'));
        if ((await owner.send(target, registerAs('owner', 'sip:owner@127.0.0.2'))).status === 200)
          ownerAnswered++;
      }
      expect(statuses).toEqual([...Array(4).fill(200), ...Array(26).fill(503)]);
      expect([...retryAfter]).toEqual(['300']);
      expect(ownerAnswered).toBe(30);
      expect(store.size()).toBe(5);
    } finally {
      await Promise.all([flooder.close(), owner.close()]);
    }
  });
});
