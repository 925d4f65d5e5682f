import assert from 'node:assert/strict';
import { createRouter } from '../../router/create-router.js';
import { TECH_API_VERSION, TECH_NAME_PATTERN } from '../../tech.js';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

/** Name, API version, the two required functions, registration, the declared examples. */
export function metadataTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  const test = techTest(api, harness);
  api.describe('compliance: metadata', () => {
    test('has a valid name and the supported API version', (tech) => {
      assert.match(tech.name, TECH_NAME_PATTERN);
      assert.equal(tech.apiVersion, TECH_API_VERSION);
      assert.equal(typeof tech.parse, 'function');
      assert.equal(typeof tech.send, 'function');
    });
    test('registers in a router under its name', async (tech) => {
      const router = createRouter();
      router.register(tech);
      assert.deepEqual(router.names(), [tech.name]);
      assert.equal(router.get(tech.name.toUpperCase()), tech);
    });
    test('declared examples parse as declared', (tech, skip) => {
      const valid = tech.examples?.valid ?? [];
      const invalid = tech.examples?.invalid ?? [];
      if (valid.length + invalid.length === 0) return skip(`${tech.name} declares no examples`);
      for (const destination of valid) assert.ok(tech.parse(destination).ok, destination);
      for (const destination of invalid) assert.ok(!tech.parse(destination).ok, destination);
    });
  });
}
