import { describe, expect, it } from 'vitest';
import { Pacer, type PacingSlot } from '../src/mechanics/transaction/pacing.js';

/** Requests `count` slots for one destination; returns the slots in the order they were granted. */
function requestMany(pacer: Pacer, count: number, destination = 'a|5060') {
  const granted: { index: number; slot: PacingSlot }[] = [];
  const tickets = Array.from({ length: count }, (_, index) =>
    pacer.request(destination, (slot) => granted.push({ index, slot })),
  );
  return { granted, tickets };
}

describe('Pacer: an adaptive per-destination window', () => {
  it('starts the first initialWindow at once and queues the rest in order', () => {
    const pacer = new Pacer({ initialWindow: 3, minWindow: 1, maxWindow: 10 }, 0);
    const { granted } = requestMany(pacer, 6);
    expect(granted.map((g) => g.index)).toEqual([0, 1, 2]);
    granted[0]!.slot.release(false); // not in time: no growth, one place frees
    expect(granted.map((g) => g.index)).toEqual([0, 1, 2, 3]);
  });

  it('grows by one per response in time (slow start), up to maxWindow', () => {
    const pacer = new Pacer({ initialWindow: 2, minWindow: 1, maxWindow: 4 }, 0);
    const { granted } = requestMany(pacer, 20);
    expect(granted).toHaveLength(2);
    granted[0]!.slot.release(true); // window 3: two more start
    expect(granted).toHaveLength(4);
    granted[1]!.slot.release(true); // window 4 (the cap): two more start
    expect(granted).toHaveLength(6);
    granted[2]!.slot.release(true); // capped: one out, one in
    expect(granted).toHaveLength(7);
  });

  it('halves on a retransmission, once per shrink gap, never below minWindow', () => {
    const pacer = new Pacer({ initialWindow: 8, minWindow: 2, maxWindow: 8 }, 60_000);
    const { granted } = requestMany(pacer, 30);
    expect(granted).toHaveLength(8);
    granted[0]!.slot.retransmitted();
    granted[1]!.slot.retransmitted(); // the same loss burst: no second halving
    for (const g of granted.slice(0, 8)) g.slot.release(false);
    // window 4: four in flight now
    expect(granted).toHaveLength(12);
    // after the first loss growth is 1/window per response: four responses make 4.92, still 4
    for (const g of granted.slice(8, 12)) g.slot.release(true);
    expect(granted).toHaveLength(16);
    granted[12]!.slot.release(true); // 5.12: two start for the one that ended
    expect(granted).toHaveLength(18);
  });

  it('a withdrawn waiter is skipped and the order of the others is kept', () => {
    const pacer = new Pacer({ initialWindow: 1, minWindow: 1, maxWindow: 1 }, 0);
    const { granted, tickets } = requestMany(pacer, 4);
    tickets[1]!.withdraw();
    granted[0]!.slot.release(false);
    expect(granted.map((g) => g.index)).toEqual([0, 2]);
    granted[1]!.slot.release(false);
    expect(granted.map((g) => g.index)).toEqual([0, 2, 3]);
  });

  it('destinations are independent, and an idle one is forgotten', () => {
    const pacer = new Pacer({ initialWindow: 1, minWindow: 1, maxWindow: 1 }, 0);
    const a = requestMany(pacer, 2, 'a|1');
    const b = requestMany(pacer, 1, 'b|1');
    expect(a.granted).toHaveLength(1);
    expect(b.granted).toHaveLength(1);
    expect(pacer.destinations).toBe(2);
    b.granted[0]!.slot.release(true);
    expect(pacer.destinations).toBe(1);
    a.granted[0]!.slot.release(true);
    a.granted[1]!.slot.release(true);
    expect(pacer.destinations).toBe(0);
  });

  it('releasing a slot twice frees one place only; nonsense bounds are clamped', () => {
    const pacer = new Pacer({ initialWindow: 0, minWindow: -5, maxWindow: 0.5 }, 0);
    const { granted } = requestMany(pacer, 3);
    expect(granted).toHaveLength(1);
    granted[0]!.slot.release(false);
    granted[0]!.slot.release(false);
    expect(granted).toHaveLength(2);
  });
});
