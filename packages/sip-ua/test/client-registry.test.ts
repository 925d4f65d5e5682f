import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientTransactions } from '../src/mechanics/transaction/client-registry.js';
import type { IncomingResponse } from '../src/mechanics/wire/message.js';

const response = { kind: 'response', status: 200 } as unknown as IncomingResponse;

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientTransactions: live handlers and Timer K keys', () => {
  it('delivers to a live transaction, absorbs during the linger, then matches nothing', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const registry = new ClientTransactions(100);
    const seen: IncomingResponse[] = [];
    const listening = registry.listen('b1', 'MESSAGE', (r) => seen.push(r));
    expect(registry.deliver('b1', 'MESSAGE', response)).toBe('delivered');
    listening.stop(500);
    expect(registry.size()).toEqual({ live: 0, absorbing: 1 });
    expect(registry.deliver('b1', 'MESSAGE', response)).toBe('absorbed');
    expect(seen).toHaveLength(1); // the handler (and its closure) is gone
    vi.advanceTimersByTime(600);
    expect(registry.size()).toEqual({ live: 0, absorbing: 0 }); // the sweep forgot the key
    expect(registry.deliver('b1', 'MESSAGE', response)).toBe('unmatched');
  });

  it('a reliable transport lingers 0: the key is forgotten at once', () => {
    const registry = new ClientTransactions(100);
    registry.listen('b2', 'MESSAGE', () => {}).stop();
    expect(registry.size()).toEqual({ live: 0, absorbing: 0 });
    expect(registry.deliver('b2', 'MESSAGE', response)).toBe('unmatched');
  });

  it('the sweep stops at the first key still due and ends when nothing is left', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const registry = new ClientTransactions(50);
    registry.listen('a', 'MESSAGE', () => {}).stop(100);
    vi.advanceTimersByTime(60);
    registry.listen('b', 'MESSAGE', () => {}).stop(100);
    vi.advanceTimersByTime(60); // a expired at 100, b lives until 160
    expect(registry.size().absorbing).toBe(1);
    expect(registry.deliver('b', 'MESSAGE', response)).toBe('absorbed');
    vi.advanceTimersByTime(100);
    expect(registry.size().absorbing).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a stale stop function does not remove a newer listener on the same key; clear() empties all', () => {
    const registry = new ClientTransactions(100);
    const stale = registry.listen('k', 'MESSAGE', () => {});
    const seen: number[] = [];
    registry.listen('k', 'MESSAGE', () => seen.push(1));
    stale.stop(1000);
    expect(registry.deliver('k', 'MESSAGE', response)).toBe('delivered');
    expect(seen).toEqual([1]);
    registry.clear();
    expect(registry.size()).toEqual({ live: 0, absorbing: 0 });
  });

  it('a live transaction gets only responses with its method; CANCEL has a key of its own', () => {
    const registry = new ClientTransactions(100);
    const seen: string[] = [];
    registry.listen('b3', 'MESSAGE', () => seen.push('MESSAGE'));
    expect(registry.deliver('b3', 'OPTIONS', response)).toBe('unmatched');
    registry.listen('b3', 'CANCEL', () => seen.push('CANCEL'));
    expect(registry.deliver('b3', 'CANCEL', response)).toBe('delivered');
    expect(registry.deliver('b3', 'MESSAGE', response)).toBe('delivered');
    expect(seen).toEqual(['CANCEL', 'MESSAGE']);
  });

  it('expiry is compared across the 32-bit wrap of the millisecond tick', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'], now: 0 });
    vi.advanceTimersByTime(2 ** 31 - 50); // Timer K ends past 2^31 ms: the stored tick wraps negative
    const registry = new ClientTransactions(20);
    registry.listen('w', 'MESSAGE', () => {}).stop(100);
    vi.advanceTimersByTime(60);
    expect(registry.deliver('w', 'MESSAGE', response)).toBe('absorbed');
    vi.advanceTimersByTime(60);
    expect(registry.deliver('w', 'MESSAGE', response)).toBe('unmatched');
    expect(registry.size().absorbing).toBe(0);
  });
});
