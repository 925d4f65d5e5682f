import { describe, expect, it } from 'vitest';
import { defineTech, parsed, parseFailure } from '../src/index.js';
import {
  explainTests,
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

/** A technology whose explain() is what a dry run would preview, or (broken) is not. */
const explaining = (broken?: 'preview' | 'status-name') =>
  defineTech({
    name: 'ex',
    apiVersion: 1,
    parse: (destination: string) =>
      typeof destination === 'string' && /^ex:\w+$/i.test(destination)
        ? parsed(destination)
        : parseFailure('not an ex destination', 0),
    explain: (destination: string) =>
      /^ex:\w+$/i.test(destination)
        ? { ok: true, form: 'name', preview: broken === 'preview' ? 'other' : `TO ${destination}` }
        : {
            ok: false,
            reason: broken === 'status-name' ? 'INVALID_URI' : 'DESTINATION_UNPARSABLE',
            detail: 'not an ex destination',
          },
    send: async (request) => ({ status: 'SUCCESS' as const, preview: `TO ${request.destination}` }),
  });

describe('compliance kit: explain group', () => {
  const run = async (tech: () => ReturnType<typeof explaining>, name: string) => {
    const tests = collect((api) =>
      explainTests(api, { create: tech, valid: ['ex:alice'], invalid: ['ex:'] }),
    );
    await tests.find((t) => t.name === name)!.body({ skip: () => undefined });
  };
  const agrees = 'explain() agrees with a dry run of the same send';
  const code = 'an explain() failure has a code for its reason, never a status name';

  it('is registered only for a technology with explain()', () => {
    expect(collect((api) => explainTests(api, harness))).toEqual([]);
    expect(
      collect((api) => explainTests(api, { create: () => explaining(), valid: [], invalid: [] })).map(
        (t) => t.group,
      ),
    ).toEqual(['compliance: explain', 'compliance: explain']);
  });

  it('passes an explain() that agrees with the dry run and fails with a code', async () => {
    await run(() => explaining(), agrees);
    await run(() => explaining(), code);
  });

  it('fails an explain() whose preview is not the dry run’s, or whose reason is a status name', async () => {
    await expect(run(() => explaining('preview'), agrees)).rejects.toThrow(/not the dry run/);
    await expect(run(() => explaining('status-name'), code)).rejects.toThrow(/status name/);
  });
});
