import { describe, expect, it } from 'vitest';
import { lazyStack } from '../src/tech-kit/index.js';

describe('lazyStack.getBefore', () => {
  it('gives up when the deadline ends while the transports are still binding, and the stack still starts', async () => {
    const lazy = lazyStack(() => ({ transports: [{ protocol: 'udp' }] }));
    const deadline = new AbortController();
    const pending = lazy.getBefore(deadline.signal);
    deadline.abort(new DOMException('bound ended', 'TimeoutError'));
    expect(await pending).toBeUndefined();
    const stack = await lazy.get();
    expect(stack.address('udp')?.port).toBeGreaterThan(0);
    expect(await lazy.getBefore(deadline.signal)).toBe(stack);
    await lazy.close();
  });

  it('an already ended deadline starts nothing for this send', async () => {
    const lazy = lazyStack(() => ({ transports: [{ protocol: 'udp' }] }));
    expect(await lazy.getBefore(AbortSignal.abort())).toBeUndefined();
    expect(lazy.current).toBeUndefined();
    await lazy.close();
  });
});
