import type { Message, SendOptions } from '../../message.js';
import type { MessageTech } from '../../tech.js';

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

/** A test's body: `skip(reason)` ends it as skipped when the technology gives it nothing to check. */
export type TechTestBody<Target> = (
  tech: MessageTech<Target>,
  skip: (reason: string) => never,
) => Promise<void> | void;

class NothingToCheck {
  constructor(readonly reason: string) {}
}

/**
 * Registers tests that each get a fresh technology from the harness and close it afterwards. A
 * body that calls `skip(reason)` is reported skipped by the runner (vitest's and node:test's
 * context `skip`, mocha's `this.skip()`), never passed; a runner with no run-time skip fails it
 * with the reason, so a group that cannot check anything is left out rather than passing.
 */
export function techTest<Target>(
  api: SuiteApi,
  harness: TechHarness<Target>,
): (name: string, body: TechTestBody<Target>) => void {
  const timeout = harness.testTimeoutMs ?? 20_000;
  const skip = (reason: string): never => {
    throw new NothingToCheck(reason);
  };
  return (name, body) => {
    // A rest parameter keeps the function's length 0: Jest would take a named one for `done`.
    api.it(
      name,
      async function (this: unknown, ...args: unknown[]) {
        const tech = await harness.create();
        let skipped: NothingToCheck | undefined;
        try {
          await body(tech, skip);
        } catch (error) {
          if (!(error instanceof NothingToCheck)) throw error;
          skipped = error;
        } finally {
          await tech.close?.();
        }
        if (skipped) skipRunningTest(this, args[0], skipped.reason);
      },
      timeout,
    );
  };
}

function skipRunningTest(self: unknown, context: unknown, reason: string): void {
  const fromContext = (context as { skip?: unknown } | null | undefined)?.skip;
  if (typeof fromContext === 'function') {
    fromContext.call(context, reason);
    return;
  }
  const fromThis = (self as { skip?: unknown } | null | undefined)?.skip;
  if (typeof fromThis === 'function') {
    fromThis.call(self);
    return;
  }
  throw new Error(
    `compliance: nothing to check (${reason}) and this runner cannot skip a test once it runs; leave this group out`,
  );
}
