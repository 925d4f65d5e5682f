import assert from 'node:assert/strict';
import { splitDestination } from '../../destination.js';
import { Reason } from '../../reasons.js';
import { createRouter } from '../../router/create-router.js';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

const ODD_INPUTS: unknown[] = [
  '',
  ':',
  '::',
  '@',
  '/',
  '<',
  '>',
  '"',
  '%',
  '%zz',
  ';',
  '?',
  ' ',
  '\u0000',
  '\r\n',
  'é',
  '\u{1F600}',
  '<sip:>',
  '"unterminated <sip:a@b>',
  'sip:@',
  'sip:a@[::1',
  'x'.repeat(5000),
  undefined,
  null,
  42,
  {},
  [],
];

/** Valid and invalid destinations, hostile input, determinism, INVALID_URI through the router. */
export function parseTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  const test = techTest(api, harness);
  api.describe('compliance: parse', () => {
    test('accepts every valid destination', (tech) => {
      for (const destination of harness.valid) {
        const result = tech.parse(destination);
        assert.ok(result.ok, `${destination}: ${result.ok ? '' : result.error.message}`);
      }
    });
    test('rejects every invalid destination with a message and an offset', (tech) => {
      for (const destination of harness.invalid) {
        const result = tech.parse(destination);
        assert.ok(!result.ok, `${destination} should not parse`);
        assert.equal(typeof result.error.message, 'string');
        assert.ok(result.error.message.length > 0);
        assert.ok(Number.isInteger(result.error.offset) && result.error.offset >= 0);
      }
    });
    test('is deterministic and never throws, whatever it is given', (tech) => {
      const inputs = [
        ...ODD_INPUTS,
        ...ODD_INPUTS.filter((x) => typeof x === 'string').map((x) => `${tech.name}:${x}`),
      ];
      for (const input of [...inputs, ...randomDestinations(tech.name, 300)]) {
        const first = tech.parse(input as string);
        assert.equal(typeof first.ok, 'boolean');
        assert.deepEqual(tech.parse(input as string), first);
      }
    });
    test('invalid destinations give INVALID_URI through the router, any prefix case', async (tech) => {
      const router = createRouter({ techs: [tech] });
      for (const destination of harness.invalid) {
        const result = await router.send(destination, { body: 'x' }, { dryRun: true });
        assert.equal(result.status, 'INVALID_URI', destination);
        assert.equal(result.reason, Reason.DestinationUnparsable);
      }
      for (const destination of harness.valid) {
        const split = splitDestination(destination)!;
        const shouted = `${split.tech.toUpperCase()}:${split.rest}`;
        assert.notEqual(
          (await router.send(shouted, { body: 'x' }, { dryRun: true })).status,
          'INVALID_PROTOCOL',
        );
      }
    });
  });
}

/** Deterministic pseudo-random destinations (a fixed-seed xorshift), so failures reproduce. */
function randomDestinations(prefix: string, count: number): string[] {
  const alphabet = 'abcXYZ019:@/<>";%;=?&[]. \\\t\u00e9-_+!~';
  let seed = 0x9e3779b9;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    let text = `${prefix}:`;
    const length = Math.floor(next() * 24);
    for (let i = 0; i < length; i++) text += alphabet.charAt(Math.floor(next() * alphabet.length));
    return text;
  });
}
