import assert from 'node:assert/strict';
import { splitDestination } from '../destination.js';
import type { LogFields, Logger } from '../logger.js';
import type { Message, SendOptions, SendResult } from '../message.js';
import { Reason } from '../reasons.js';
import { createRouter } from '../router/create-router.js';
import { type MessageTech, TECH_API_VERSION, TECH_NAME_PATTERN } from '../tech.js';
import { assertNoSecrets } from './secrets-check.js';

/** The two functions the suite needs from any test runner (vitest, jest, mocha, node:test). */
export interface SuiteApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void, timeoutMs?: number): unknown;
}

export interface SendCase {
  destination: string;
  message: Message;
  options?: SendOptions;
}

export interface TechHarness<Target = unknown> {
  /** A fresh, unstarted technology; the suite closes it after each test. */
  create(): MessageTech<Target> | Promise<MessageTech<Target>>;
  /** Destinations that must parse. */
  valid: readonly string[];
  /** Destinations that must not parse (INVALID_URI). */
  invalid: readonly string[];
  /** A send that must succeed and be reported delivered. */
  deliverable?: SendCase;
  /** A send that must end in FAILURE (at once, or once its delivery report is awaited). */
  undeliverable?: SendCase;
  /** A destination that carries a secret which must never be printed, logged or sent in clear. */
  secret?: { destination: string; secret: string };
  /** Per-test time limit (default 20 s). */
  testTimeoutMs?: number;
}

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

/**
 * The compliance kit: proves a technology honours the MessageTech contract. Register it inside a
 * test file: `techComplianceSuite({ describe, it }, harness)`.
 */
export function techComplianceSuite<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  const timeout = harness.testTimeoutMs ?? 20_000;
  const test = (name: string, body: (tech: MessageTech<Target>) => Promise<void> | void): void => {
    api.it(
      name,
      async () => {
        const tech = await harness.create();
        try {
          await body(tech);
        } finally {
          await tech.close?.();
        }
      },
      timeout,
    );
  };

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
    test('declared examples parse as declared', (tech) => {
      for (const destination of tech.examples?.valid ?? [])
        assert.ok(tech.parse(destination).ok, destination);
      for (const destination of tech.examples?.invalid ?? [])
        assert.ok(!tech.parse(destination).ok, destination);
    });
  });

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

  api.describe('compliance: format', () => {
    test('format() round-trips through parse()', (tech) => {
      if (!tech.format) return;
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

  if (harness.secret) {
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

  api.describe('compliance: send', () => {
    const { deliverable, undeliverable } = harness;
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

  api.describe('compliance: lifecycle', () => {
    test('close() is idempotent', async (tech) => {
      await tech.close?.();
      await tech.close?.();
    });
    test('a send after close() is FAILURE and its report settles', async (tech) => {
      const target = harness.deliverable ?? { destination: harness.valid[0]!, message: { body: 'x' } };
      const router = createRouter({ techs: [tech] });
      await tech.close?.();
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

function assertResultShape(result: SendResult): void {
  assert.ok(Array.isArray(result.warnings));
  assert.ok(result.delivery instanceof Promise);
  if (result.status !== 'SUCCESS') assert.equal(typeof result.reason, 'string');
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
