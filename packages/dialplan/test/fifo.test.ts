import { describe, expect, it } from 'vitest';
import { Fifo } from '../src/fifo.js';

describe('Fifo', () => {
  it('keeps order across compaction, and takeAll empties it', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 5000; i++) fifo.push(i);
    const taken: number[] = [];
    for (let i = 0; i < 3000; i++) taken.push(fifo.shift()!);
    fifo.push(5000);
    expect(taken).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(fifo.length).toBe(2001);
    expect(fifo.shift()).toBe(3000);
    expect(fifo.takeAll()).toEqual(Array.from({ length: 2000 }, (_, i) => 3001 + i));
    expect(fifo.length).toBe(0);
    expect(fifo.shift()).toBeUndefined();
  });
});
