import { describe, expect, it } from 'vitest';
import { CallbackList } from '../src/callback-list.js';

describe('CallbackList: callbacks held for work in flight', () => {
  it('holds what is added in order; a removed node is skipped and lets go of its callback', () => {
    const list = new CallbackList();
    const calls: string[] = [];
    const nodes = ['a', 'b', 'c', 'd'].map((name) => list.add(() => calls.push(name)));
    list.remove(nodes[0]!); // the oldest
    list.remove(nodes[2]!); // one in the middle
    list.remove(nodes[2]!); // twice: nothing more
    expect(nodes[0]!.callback).toBeUndefined();
    expect(nodes[2]!.prev).toBeUndefined();
    expect(list.size).toBe(2);
    for (const node of list.nodes().reverse()) node.callback!();
    expect(calls).toEqual(['d', 'b']);
  });

  it('nodes() is a snapshot: a callback that removes itself (as ending work does) or another leaves the walk intact', () => {
    const list = new CallbackList();
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
    for (const node of list.nodes().reverse()) node.callback?.();
    expect(calls).toEqual(['y', 'x']);
    expect(y.callback).toBeUndefined();
    expect(list.size).toBe(0);
    const after: string[] = [];
    list.add(() => after.push('new'));
    for (const node of list.nodes()) node.callback!(); // emptied by the first: only what was added since
    expect(after).toEqual(['new']);
  });
});
