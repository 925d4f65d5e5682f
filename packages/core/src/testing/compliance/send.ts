import assert from 'node:assert/strict';
import type { SendResult } from '../../message.js';
import { Reason } from '../../reasons.js';
import { createRouter } from '../../router/create-router.js';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

/** The harness's deliverable and undeliverable sends: statuses, reports, dry run, abort. */
export function sendTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  const { deliverable, undeliverable } = harness;
  if (!deliverable && !undeliverable) return;
  const test = techTest(api, harness);
  api.describe('compliance: send', () => {
    if (deliverable) {
      test('a deliverable send is SUCCESS and its report says delivered', async (tech) => {
        const router = createRouter({ techs: [tech] });
        const result = await router.send(deliverable.destination, deliverable.message, deliverable.options);
        assertResultShape(result);
        assert.equal(result.status, 'SUCCESS', `${result.reason}: ${result.detail}`);
        assert.equal(result.tech, tech.name);
        assert.equal((await result.delivery).outcome, 'delivered');
      });
      test('waitForDelivery keeps SUCCESS for a delivered message', async (tech) => {
        const router = createRouter({ techs: [tech] });
        const result = await router.send(deliverable.destination, deliverable.message, {
          ...deliverable.options,
          waitForDelivery: true,
        });
        assert.equal(result.status, 'SUCCESS', `${result.reason}: ${result.detail}`);
      });
      test('a dry run previews the wire text and sends nothing', async (tech) => {
        const router = createRouter({ techs: [tech] });
        const result = await router.send(deliverable.destination, deliverable.message, {
          ...deliverable.options,
          dryRun: true,
        });
        assert.equal(result.status, 'SUCCESS', `${result.reason}: ${result.detail}`);
        assert.equal(typeof result.preview, 'string');
        assert.ok(result.preview!.length > 0);
        assert.equal((await result.delivery).outcome, 'not-sent');
      });
      test('an aborted signal gives FAILURE, never a throw', async (tech) => {
        const router = createRouter({ techs: [tech] });
        const controller = new AbortController();
        controller.abort();
        const result = await router.send(deliverable.destination, deliverable.message, {
          ...deliverable.options,
          signal: controller.signal,
        });
        assert.equal(result.status, 'FAILURE');
        assert.equal(result.reason, Reason.Aborted);
      });
      test('an empty body is a valid message', async (tech) => {
        const router = createRouter({ techs: [tech] });
        const result = await router.send(
          deliverable.destination,
          { ...deliverable.message, body: '' },
          {
            ...deliverable.options,
            dryRun: true,
          },
        );
        assert.equal(result.status, 'SUCCESS', `${result.reason}: ${result.detail}`);
      });
    }
    if (undeliverable) {
      test('an undeliverable send ends in FAILURE with a reason', async (tech) => {
        const router = createRouter({ techs: [tech] });
        const result = await router.send(undeliverable.destination, undeliverable.message, {
          ...undeliverable.options,
          waitForDelivery: true,
        });
        assertResultShape(result);
        assert.equal(result.status, 'FAILURE');
        assert.equal(typeof result.reason, 'string');
        const report = await result.delivery;
        assert.ok(['rejected', 'timeout', 'error', 'not-sent'].includes(report.outcome), report.outcome);
      });
    }
  });
}

function assertResultShape(result: SendResult): void {
  assert.ok(Array.isArray(result.warnings));
  assert.ok(result.delivery instanceof Promise);
  if (result.status !== 'SUCCESS') assert.equal(typeof result.reason, 'string');
}
