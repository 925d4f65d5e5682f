import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../src/index.js';
import { memoryTech } from '../src/testing/index.js';

// V8's own check that two objects share one hidden class (map).
setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

describe('router.onMessage', () => {
  it('hands every received message over in one shape, however many arrive', async () => {
    // A spread copy of each just-made message gave every one its own hidden class on Node 20, so
    // a handler reading messages went megamorphic.
    const tech = memoryTech();
    const router = createRouter({ techs: [tech] });
    const kept: object[] = [];
    let count = 0;
    router.onMessage((message) => {
      // The first ones (not yet optimized) and some after the JIT has optimized the path.
      if (count++ % 5000 < 2) kept.push(message);
    });
    for (let i = 0; i < 20_000; i++)
      await tech.receive({
        body: `hi ${i}`,
        from: 'memory:alice',
        to: 'memory:bob',
        destination: 'memory:bob',
      });
    expect(kept).toHaveLength(8);
    for (const message of kept.slice(1)) expect(sameMap(kept[0]!, message)).toBe(true);
    await router.close();
  });
});
