import { describe, expect, it } from 'vitest';
import { CancelList } from '../src/mechanics/stack/cancel-list.js';

describe('CancelList: the stack work close() ends', () => {
  it('cancels what is still held, newest first; a removed node is skipped and lets go of its function', () => {
    const list = new CancelList();
    const calls: string[] = [];
    const nodes = ['a', 'b', 'c', 'd'].map((name) => list.add(() => calls.push(name)));
    list.remove(nodes[0]!); // the oldest
    list.remove(nodes[2]!); // one in the middle
    list.remove(nodes[2]!); // twice: nothing more
    expect(nodes[0]!.cancel).toBeUndefined();
    expect(nodes[2]!.prev).toBeUndefined();
    list.cancelAll();
    expect(calls).toEqual(['d', 'b']);
  });

  it('a cancel that removes itself (as a transaction ending does) or the newest leaves the rest intact', () => {
    const list = new CancelList();
    const calls: string[] = [];
    const removeSelf = (name: string) => {
      const node = list.add(() => {
        calls.push(name);
        list.remove(node);
      });
      return node;
    };
    removeSelf('x');
    const y = removeSelf('y');
    const z = removeSelf('z');
    list.remove(z); // the newest
    list.cancelAll();
    expect(calls).toEqual(['y', 'x']);
    expect(y.cancel).toBeUndefined();
    const after: string[] = [];
    list.add(() => after.push('new'));
    list.cancelAll(); // emptied by the first: only what was added since
    expect(after).toEqual(['new']);
  });
});
