import assert from 'node:assert/strict';
import type { SendOptions } from '../../message.js';
import { createRouter } from '../../router/create-router.js';
import { SendStatus } from '../../status.js';
import type { ExplainOutcome, MessageTech, TechExplainInput } from '../../tech.js';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

/** An upper snake case code (`DESTINATION_UNPARSABLE`). */
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const STATUS_NAMES: readonly string[] = Object.values(SendStatus);
const FIELDS = ['requestUri', 'from', 'to', 'stanza'] as const;

/**
 * `explain()` agrees with a dry run: for the harness's valid destinations (and its deliverable
 * send, with its from/to), a dry run that succeeds has an explanation whose preview is the dry
 * run's (ids that are random per request aside) and whose fields are read from it; a dry run
 * that fails has an explain failure with the same reason. An explain failure's reason is a code,
 * never a status name. Registered only when the technology has `explain()`.
 */
export function explainTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  if (hasExplain(harness) === false) return;
  const test = techTest(api, harness);
  const cases: { destination: string; options: SendOptions }[] = harness.valid.map((destination) => ({
    destination,
    options: {},
  }));
  if (harness.deliverable)
    cases.push({ destination: harness.deliverable.destination, options: harness.deliverable.options ?? {} });
  api.describe('compliance: explain', () => {
    test('explain() agrees with a dry run of the same send', async (tech, skip) => {
      const explain = explainOf(tech, skip);
      if (cases.length === 0) return skip('the harness lists no valid destinations');
      const router = createRouter({ techs: [tech] });
      for (const { destination, options } of cases) {
        const input: TechExplainInput = {};
        if (options.from !== undefined) input.from = options.from;
        if (options.to !== undefined) input.to = options.to;
        const dry = await router.send(destination, { body: '' }, { ...options, dryRun: true });
        const explained = explain(destination, input);
        if (dry.status === SendStatus.Success) {
          assert.ok(explained.ok, `${destination}: the dry run succeeded, explain() did not`);
          assert.equal(typeof explained.form, 'string', `${destination}: form`);
          assert.equal(typeof explained.preview, 'string', `${destination}: preview`);
          assert.equal(
            comparable(explained.preview),
            comparable(dry.preview ?? ''),
            `${destination}: explain()'s preview is not the dry run's`,
          );
          for (const field of FIELDS) {
            const value = explained[field];
            if (value !== undefined)
              assert.ok(explained.preview.includes(value), `${destination}: ${field} is not in the preview`);
          }
        } else if (dry.status === SendStatus.Failure) {
          assert.ok(!explained.ok, `${destination}: the dry run failed (${dry.reason}), explain() did not`);
          assert.equal(explained.reason, dry.reason, `${destination}: explain()'s reason`);
        }
      }
    });
    test('an explain() failure has a code for its reason, never a status name', (tech, skip) => {
      const explain = explainOf(tech, skip);
      if (harness.invalid.length === 0) return skip('the harness lists no invalid destinations');
      for (const destination of harness.invalid) {
        const explained = explain(destination);
        assert.ok(!explained.ok, `${destination} does not parse, explain() explained it`);
        assert.match(explained.reason, CODE, `${destination}: reason ${explained.reason}`);
        assert.ok(!STATUS_NAMES.includes(explained.reason), `${destination}: reason is a status name`);
        assert.equal(typeof explained.detail, 'string');
      }
    });
  });
}

function explainOf<Target>(
  tech: MessageTech<Target>,
  skip: (reason: string) => never,
): (destination: string, input?: TechExplainInput) => ExplainOutcome {
  const explain = tech.explain;
  if (!explain) return skip(`${tech.name} has no explain()`);
  return (destination, input) => explain.call(tech, destination, input);
}

/**
 * Whether the harness's technology has `explain()`, from one created (and closed) now; undefined
 * when `create()` is asynchronous (the group is then registered and skips without it).
 */
function hasExplain<Target>(harness: TechHarness<Target>): boolean | undefined {
  const created = harness.create();
  if (created instanceof Promise) {
    void created.then((tech) => tech.close?.()).catch(() => {});
    return undefined;
  }
  void Promise.resolve()
    .then(() => created.close?.())
    .catch(() => {});
  return typeof created.explain === 'function';
}

/** Wire text with the ids a technology draws per request (tags, Call-ID, branch) blanked. */
function comparable(text: string): string {
  return text.replace(/[A-Za-z0-9_-]{12,}/g, '…');
}
