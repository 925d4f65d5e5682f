import assert from 'node:assert/strict';
import { createRouter } from '../../router/create-router.js';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

/** close() is idempotent; a send after it is FAILURE and its report settles. */
export function lifecycleTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  const test = techTest(api, harness);
  api.describe('compliance: lifecycle', () => {
    test('close() is idempotent', async (tech, skip) => {
      if (!tech.close) return skip(`${tech.name} has no close()`);
      await tech.close();
      await tech.close();
    });
    test('a send after close() is FAILURE and its report settles', async (tech, skip) => {
      if (!tech.close) return skip(`${tech.name} has no close()`);
      const target = harness.deliverable ?? { destination: harness.valid[0]!, message: { body: 'x' } };
      const router = createRouter({ techs: [tech] });
      await tech.close();
      const result = await router.send(target.destination, target.message, {
        ...target.options,
        timeoutMs: 5_000,
      });
      assert.equal(result.status, 'FAILURE');
      assert.equal(typeof result.reason, 'string');
      assert.equal(typeof (await result.delivery).outcome, 'string');
    });
  });
}
