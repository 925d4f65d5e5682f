import assert from 'node:assert/strict';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

/** `parse(format(parse(x).value))` gives `parse(x)` back, for every valid destination. */
export function formatTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  const test = techTest(api, harness);
  api.describe('compliance: format', () => {
    test('format() round-trips through parse()', (tech, skip) => {
      if (!tech.format) return skip(`${tech.name} has no format()`);
      if (harness.valid.length === 0) return skip('the harness lists no valid destinations');
      for (const destination of harness.valid) {
        const first = tech.parse(destination);
        assert.ok(first.ok);
        const printed = tech.format(first.value);
        const again = tech.parse(printed);
        assert.ok(again.ok, `format gave unparsable ${printed}`);
        assert.deepEqual(again.value, first.value, `${destination} -> ${printed}`);
      }
    });
  });
}
