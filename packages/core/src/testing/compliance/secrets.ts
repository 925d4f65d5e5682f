import assert from 'node:assert/strict';
import type { LogFields, Logger } from '../../logger.js';
import { createRouter } from '../../router/create-router.js';
import { assertNoSecrets } from '../secrets-check.js';
import { type SuiteApi, type TechHarness, techTest } from './harness.js';

/** The harness's secret never shows in format(redact), results, previews, reports or logs. */
export function secretsTests<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  if (!harness.secret) return;
  const test = techTest(api, harness);
  const { destination, secret } = harness.secret;
  api.describe('compliance: secrets', () => {
    test('format(..., { redact: true }) hides the secret', (tech) => {
      const target = tech.parse(destination);
      assert.ok(target.ok);
      if (tech.format)
        assertNoSecrets([secret], { 'format(redact)': tech.format(target.value, { redact: true }) });
    });
    test('results, previews, warnings, reports and logs never show the secret', async (tech) => {
      const lines: string[] = [];
      const router = createRouter({ techs: [tech], logger: capture(lines), timeoutMs: 5_000 });
      const results = [
        await router.send(destination, { body: 'x' }, { dryRun: true }),
        await router.send(destination, { body: 'x' }, { timeoutMs: 5_000 }),
      ];
      const reports = await Promise.all(results.map((result) => result.delivery));
      const shown = results.map(({ delivery: _pending, ...rest }) => rest);
      assertNoSecrets([secret], { results: shown, reports, logs: lines });
    });
  });
}

function capture(lines: string[]): Logger {
  const push = (level: string) => (message: string, fields?: LogFields) =>
    lines.push(`${level} ${message} ${safeJson(fields)}`);
  return { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

function safeJson(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v)) ?? ''
    );
  } catch {
    return String(value);
  }
}
