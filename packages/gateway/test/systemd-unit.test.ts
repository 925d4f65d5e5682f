import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireCommand } from '@messagesend/test-peers';
import { expect, it } from 'vitest';

const UNIT = fileURLToPath(new URL('../../../examples/systemd/messagesend.service', import.meta.url));

/**
 * `systemd-analyze verify` on the example unit. It also checks that ExecStart's program exists, and
 * /usr/bin/messagesend is not installed here: the copy verified has only that path pointed at a
 * stand-in executable; every other line is the shipped file's. Unknown keys and bad values are
 * warnings with exit code 0, so any output fails the test too.
 */
it('examples/systemd/messagesend.service passes systemd-analyze verify with no warning', () => {
  const analyze = requireCommand('systemd-analyze');
  const dir = mkdtempSync(join(tmpdir(), 'unit-'));
  const standIn = join(dir, 'messagesend');
  writeFileSync(standIn, '#!/bin/sh\nexit 0\n');
  chmodSync(standIn, 0o755);
  const text = readFileSync(UNIT, 'utf8');
  expect(text).toMatch(/^ExecStart=\/usr\/bin\/messagesend serve /m);
  const unit = join(dir, 'messagesend.service');
  writeFileSync(unit, text.replace('ExecStart=/usr/bin/messagesend', `ExecStart=${standIn}`));
  const result = spawnSync(analyze, ['verify', unit], { encoding: 'utf8', timeout: 30_000 });
  const output = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.includes(unit) || line.includes('messagesend.service'));
  expect(result.status, output.join('\n')).toBe(0);
  expect(output).toEqual([]);
  // The check is real: a unit with an unknown key makes output.
  writeFileSync(
    unit,
    `${text.replace('ExecStart=/usr/bin/messagesend', `ExecStart=${standIn}`)}\n[Service]\nNoSuchKey=1\n`,
  );
  const bad = spawnSync(analyze, ['verify', unit], { encoding: 'utf8', timeout: 30_000 });
  expect(`${bad.stdout}${bad.stderr}`).toMatch(/Unknown key 'NoSuchKey'/);
});
