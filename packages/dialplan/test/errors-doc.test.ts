/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { DialplanCode, DialplanErrorCode } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/dialplan', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/dialplan: thrown error codes')).toEqual(
      Object.values(DialplanErrorCode).sort(),
    ));
  it('load warnings and run log codes', () =>
    expect(documentedCodes('@messagesend/dialplan: load warnings and run log codes')).toEqual(
      Object.values(DialplanCode).sort(),
    ));
});

describe('every code is an exported constant', () => {
  it('no DIALPLAN_ code is written as a string literal in src outside errors.ts', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file !== 'errors.ts',
    );
    const literals = files.flatMap((file) =>
      [...readFileSync(join(src, file), 'utf8').matchAll(/['"`](?:ERR_MSG_)?DIALPLAN_[A-Z_]+/g)].map(
        (match) => `${file}: ${match[0]}`,
      ),
    );
    expect(literals).toEqual([]);
  });
});
