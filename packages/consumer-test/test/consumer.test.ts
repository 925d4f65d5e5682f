import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/consumer-test.sh', import.meta.url));
const cliVersion = (
  JSON.parse(readFileSync(new URL('../../cli/package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const run = async (mode: 'consumer' | 'template') => {
  try {
    const { stdout } = await promisify(execFile)('bash', [script, mode], {
      timeout: 170_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`consumer-test.sh ${mode} failed:\n${stdout}\n${stderr}`);
  }
};

describe('the packed packages, installed by npm outside the workspace', () => {
  it('type-check strictly (skipLibCheck: false) and run as ESM, as CommonJS and as the CLI', async () => {
    const lines = (await run('consumer')).split('\n');
    // Each step prints its line only after it succeeded; the script stops at the first failure.
    expect(lines).toEqual(
      expect.arrayContaining([
        'packed packages/core',
        'packed packages/cli',
        'installed',
        'type-checked',
        'memory SUCCESS delivered 1',
        'pjsip SUCCESS MESSAGE sip:alice@127.0.0.1:5062 SIP/2.0',
        'sip SUCCESS MESSAGE sip:127.0.0.1:5063 SIP/2.0',
        'xmpp SUCCESS <message type="chat" to="bob@example.org" from="pbx@example.org/messagesend" id="dry-run"><body>hi</body></message>',
        'unknown true',
        'uri example.com',
        'sip-ua MESSAGE sip:carol@example.com',
        'kit function',
        'cjs exports function function function',
        'cjs SUCCESS delivered',
        `cli version ${cliVersion}`,
      ]),
    );
    expect(lines.find((line) => line.startsWith('cli verify exit 0:'))).toMatch(/: [1-9]\d* line/);
  });
});

describe('the plugin template, copied out of the workspace', () => {
  it('installs @messagesend/core from its tarball, builds, and passes its vitest and node:test suites', async () => {
    const output = await run('template');
    const lines = output.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'packed packages/core',
        'installed',
        'built',
        'vitest passed',
        'node:test passed',
      ]),
    );
    // The copy's own runs: vitest (compliance kit, file and inbound tests) and node:test (the kit).
    const vitestPassed = Number(/Tests\s+(\d+) passed/.exec(output)?.[1]);
    expect(vitestPassed).toBeGreaterThanOrEqual(20);
    expect(output).not.toMatch(/Tests\s+.*\d+ failed/);
    expect(Number(/^# pass (\d+)$/m.exec(output)?.[1])).toBeGreaterThanOrEqual(15);
    expect(output).toMatch(/^# fail 0$/m);
    expect(output).toMatch(/^# skipped 0$/m);
  });
});
