import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parseSipConf } from '../src/config/parse-conf.js';
import { parseSipDestination } from '../src/destination.js';

// V8's own check that two objects share one hidden class (map).
setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

function peerTarget(host: string): object {
  const { config } = parseSipConf(`[general]\n[office]\ntype=peer\nhost=${host}\n`);
  let target: object | undefined;
  // Enough calls for the JIT to optimize the classification, as a running sender does.
  for (let i = 0; i < 20_000; i++) {
    const result = parseSipDestination('sip:alice@office', config);
    if (!result.ok) throw new Error(result.error.message);
    target = result.value;
  }
  return target!;
}

describe('parseSipDestination', () => {
  it('gives peer targets of one shape, whichever configuration (tech instance) they came from', () => {
    // A new map per configuration made every function reading a target polymorphic, then
    // megamorphic, in a process that made several technologies (reloads, tests, benchmarks).
    const first = peerTarget('127.0.0.1');
    for (const host of ['127.0.0.2', '127.0.0.3', '127.0.0.4'])
      expect(sameMap(first, peerTarget(host))).toBe(true);
  });
});
