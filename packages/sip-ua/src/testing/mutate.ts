/** A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTROL = [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x0d, 0x0a, 0x1b, 0x7f];
const HUGE = ['4294967301', '-1', '99999999999999999999', '0x10', '1e9', ''];

type Mutation = (input: Buffer, random: () => number) => Buffer;

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;
const at = (input: Buffer, random: () => number) => Math.floor(random() * (input.length + 1));
const lines = (input: Buffer) => input.toString('latin1').split('\r\n');
const join = (parts: string[]) => Buffer.from(parts.join('\r\n'), 'latin1');

/** The mutations a hostile or broken peer produces. */
const MUTATIONS: Record<string, Mutation> = {
  byteFlip(input, random) {
    const out = Buffer.from(input);
    for (let n = 1 + Math.floor(random() * 4); n > 0 && out.length > 0; n--)
      out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return out;
  },
  truncate: (input, random) => input.subarray(0, at(input, random)),
  controlCharacter(input, random) {
    const i = at(input, random);
    return Buffer.concat([input.subarray(0, i), Buffer.from([pick(CONTROL, random)]), input.subarray(i)]);
  },
  duplicateHeader(input, random) {
    const parts = lines(input);
    const end = Math.max(1, parts.indexOf(''));
    const i = 1 + Math.floor(random() * Math.max(1, end - 1));
    parts.splice(i, 0, parts[i] ?? 'Via: SIP/2.0/UDP x');
    return join(parts);
  },
  dropHeader(input, random) {
    const parts = lines(input);
    const end = Math.max(1, parts.indexOf(''));
    parts.splice(1 + Math.floor(random() * Math.max(1, end - 1)), 1);
    return join(parts);
  },
  hugeValue(input, random) {
    const parts = lines(input);
    const end = Math.max(1, parts.indexOf(''));
    const i = Math.floor(random() * end);
    parts[i] = `${parts[i] ?? ''}${'a'.repeat(1000 + Math.floor(random() * 70_000))}`;
    return join(parts);
  },
  hugeNumber(input, random) {
    let text = input.toString('latin1');
    const numbers = [...text.matchAll(/\d+/g)];
    if (numbers.length === 0) return input;
    const match = pick(numbers, random);
    text = text.slice(0, match.index) + pick(HUGE, random) + text.slice(match.index! + match[0].length);
    return Buffer.from(text, 'latin1');
  },
  bareLineEnds: (input, random) =>
    Buffer.from(input.toString('latin1').replaceAll('\r\n', random() < 0.5 ? '\n' : '\r'), 'latin1'),
  splice(input, random) {
    const i = at(input, random);
    return Buffer.concat([input.subarray(0, i), input.subarray(Math.floor(random() * input.length))]);
  },
  randomBytes(_input, random) {
    const out = Buffer.alloc(Math.floor(random() * 2000));
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(random() * 256);
    return out;
  },
};

/**
 * An endless, reproducible stream of hostile inputs built from `corpus` (real messages): each
 * applies one to three mutations to a corpus entry, or is random bytes.
 */
export function* mutatedInputs(corpus: readonly Buffer[], seed: number): Generator<Buffer> {
  const random = seededRandom(seed);
  const names = Object.keys(MUTATIONS);
  for (;;) {
    let input = pick(corpus, random);
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--)
      input = MUTATIONS[pick(names, random)]!(input, random);
    yield input;
  }
}
