import { describe, expect, it } from 'vitest';
import { createRouter } from '../src/index.js';
import { memoryTech } from '../src/testing/index.js';

const inbound = { body: 'hi', from: 'memory:alice', to: 'memory:bob', destination: 'memory:alice' };

describe('router.onMessage', () => {
  it('with no handler the technology is told not-found', async () => {
    const tech = memoryTech();
    createRouter({ techs: [tech] });
    expect(await tech.receive(inbound)).toBe('not-found');
  });

  it('a handler that returns nothing accepts, and sees the tech name', async () => {
    const tech = memoryTech();
    const router = createRouter({ techs: [tech] });
    const seen: unknown[] = [];
    router.onMessage((message) => {
      seen.push(message);
    });
    expect(await tech.receive(inbound)).toBe('accepted');
    expect(seen).toEqual([{ ...inbound, tech: 'memory' }]);
  });

  it('false declines and the next handler is asked; unsubscribe works', async () => {
    const tech = memoryTech();
    const router = createRouter({ techs: [tech] });
    const calls: string[] = [];
    router.onMessage(async () => {
      calls.push('first');
      return false;
    });
    const off = router.onMessage(() => {
      calls.push('second');
      return true;
    });
    expect(await tech.receive(inbound)).toBe('accepted');
    off();
    expect(await tech.receive(inbound)).toBe('not-found');
    expect(calls).toEqual(['first', 'second', 'first']);
  });

  it('a throwing handler gives error when nobody accepts, and is logged', async () => {
    const tech = memoryTech();
    const errors: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) };
    const router = createRouter({ techs: [tech], logger });
    router.onMessage(() => {
      throw new Error('bug');
    });
    expect(await tech.receive(inbound)).toBe('error');
    expect(errors).toEqual(['inbound message handler threw']);
  });

  it('replying to the sender through router.send works', async () => {
    const tech = memoryTech();
    const router = createRouter({ techs: [tech] });
    router.onMessage(async (message) => {
      await router.send(message.destination, { body: `echo: ${message.body}` });
    });
    await tech.receive(inbound);
    expect(tech.sent.map((s) => [s.address, s.message.body])).toEqual([['alice', 'echo: hi']]);
  });
});
