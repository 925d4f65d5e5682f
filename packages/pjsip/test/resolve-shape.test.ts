import { setFlagsFromString } from 'node:v8';
import { MemoryRegistrationStore } from '@messagesend/sip-ua';
import { describe, expect, it } from 'vitest';
import { parsePjsipConf } from '../src/config/parse-conf.js';
import { classifyDestination } from '../src/destination.js';
import { resolveTarget } from '../src/resolve.js';

// V8's own check that two objects share one hidden class (map).
setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

function resolvedFrom(port: number) {
  const { config } = parsePjsipConf(
    `[bob]\ntype=endpoint\naors=bob\n[bob]\ntype=aor\ncontact=sip:bob@127.0.0.1:${port}\n`,
  );
  const store = new MemoryRegistrationStore();
  const target = classifyDestination('pjsip:bob', config);
  if (!target.ok) throw new Error('not classified');
  let resolved: object | undefined;
  // Enough calls for the JIT to optimize the send path's resolution, as a running sender does.
  for (let i = 0; i < 20_000; i++) {
    const result = resolveTarget(target.value, config, store);
    if (!result.ok) throw new Error(result.detail);
    resolved = result.value;
  }
  return resolved!;
}

describe('classifyDestination', () => {
  it('gives targets of one shape for every destination of a form', () => {
    const { config } = parsePjsipConf('[bob]\ntype=endpoint\n');
    const classified = (destination: string) => {
      let value: object | undefined;
      for (let i = 0; i < 20_000; i++) {
        const result = classifyDestination(destination, config);
        if (!result.ok) throw new Error(result.error.message);
        value = result.value;
      }
      return value!;
    };
    const first = classified('pjsip:sip:alice@example.com');
    for (const other of ['pjsip:sip:bob@example.com', 'pjsip:sip:carol@example.org:5070'])
      expect(sameMap(first, classified(other))).toBe(true);
  });
});

describe('resolveTarget', () => {
  it('gives targets of one shape, whichever configuration (tech instance) they came from', () => {
    const first = resolvedFrom(5060);
    for (const port of [5061, 5062, 5063]) expect(sameMap(first, resolvedFrom(port))).toBe(true);
  });
});
