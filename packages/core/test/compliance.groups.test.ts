import { describe, expect, it } from 'vitest';
import { defineTech, parsed, parseFailure } from '../src/index.js';
import {
  formatTests,
  lifecycleTests,
  metadataTests,
  parseTests,
  type SuiteApi,
  secretsTests,
  sendTests,
  techComplianceSuite,
} from '../src/testing/index.js';

/** A technology with nothing optional: no format(), no close(), no examples. */
const bare = () =>
  defineTech({
    name: 'bare',
    apiVersion: 1,
    parse: (destination: string) =>
      typeof destination === 'string' && /^bare:\w+$/i.test(destination)
        ? parsed(destination)
        : parseFailure('not a bare destination', 0),
    send: async () => ({ status: 'SUCCESS' as const }),
  });

interface Registered {
  group: string;
  name: string;
  body: (context?: unknown) => Promise<void> | void;
}

function collect(register: (api: SuiteApi) => void): Registered[] {
  const tests: Registered[] = [];
  let group = '';
  register({
    describe: (name, body) => {
      group = name;
      body();
    },
    it: (name, body) => {
      tests.push({ group, name, body: body as Registered['body'] });
    },
  });
  return tests;
}

const harness = { create: bare, valid: ['bare:alice'], invalid: ['bare:'] };

describe('compliance kit groups', () => {
  it('the suite is the six groups in order', () => {
    const suite = collect((api) => techComplianceSuite(api, harness));
    const groups = collect((api) => {
      for (const group of [metadataTests, parseTests, formatTests, secretsTests, sendTests, lifecycleTests])
        group(api, harness);
    });
    expect(suite.map((t) => `${t.group} / ${t.name}`)).toEqual(groups.map((t) => `${t.group} / ${t.name}`));
  });

  it('a group the harness gives nothing to check is not registered', () => {
    const groups = new Set(collect((api) => techComplianceSuite(api, harness)).map((t) => t.group));
    expect(groups.has('compliance: secrets')).toBe(false);
    expect(groups.has('compliance: send')).toBe(false);
  });

  it('a test the technology gives nothing to check is skipped with its reason, never passed', async () => {
    const tests = collect((api) => techComplianceSuite(api, harness));
    const skippedBy = async (name: string): Promise<string | undefined> => {
      let note: string | undefined;
      await tests.find((t) => t.name === name)!.body({ skip: (reason: string) => (note = reason) });
      return note;
    };
    expect(await skippedBy('format() round-trips through parse()')).toBe('bare has no format()');
    expect(await skippedBy('close() is idempotent')).toBe('bare has no close()');
    expect(await skippedBy('a send after close() is FAILURE and its report settles')).toBe(
      'bare has no close()',
    );
    expect(await skippedBy('declared examples parse as declared')).toBe('bare declares no examples');
    expect(await skippedBy('has a valid name and the supported API version')).toBeUndefined();
  });

  it('a runner that cannot skip at run time fails the test with the reason', async () => {
    const tests = collect((api) => formatTests(api, harness));
    await expect(tests[0]!.body()).rejects.toThrow(/bare has no format\(\)/);
  });
});
