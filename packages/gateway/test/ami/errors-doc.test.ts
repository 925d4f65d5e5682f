import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { AmiErrorCode, AmiEventCode } from '../../src/ami/index.js';

describe('docs/errors.md lists exactly the AMI codes', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/gateway AMI: thrown error codes')).toEqual(
      Object.values(AmiErrorCode).sort(),
    ));
  it('session codes', () =>
    expect(documentedCodes('@messagesend/gateway AMI: session codes')).toEqual(
      Object.values(AmiEventCode).sort(),
    ));
  it('no AMI_ code is written as a string literal in src/ami outside errors.ts', () => {
    const src = fileURLToPath(new URL('../../src/ami/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file !== 'errors.ts',
    );
    const literals = files.flatMap((file) =>
      [...readFileSync(join(src, file), 'utf8').matchAll(/['"](?:ERR_MSG_)?AMI_[A-Z_]+['"]/g)].map(
        (m) => `${file}: ${m[0]}`,
      ),
    );
    expect(literals).toEqual([]);
  });
});
