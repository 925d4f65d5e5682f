import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { RedisErrorCode, RedisReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/redis', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/redis: thrown error codes')).toEqual(
      Object.values(RedisErrorCode).sort(),
    ));
  it('enqueue and report reasons', () =>
    expect(documentedCodes('@messagesend/redis: enqueue and report reasons')).toEqual(
      Object.values(RedisReason).sort(),
    ));
});

describe('every code is an exported constant', () => {
  it('no REDIS_ code is written as a string literal in src outside errors.ts', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file !== 'errors.ts',
    );
    const literals = files.flatMap((file) =>
      [...readFileSync(join(src, file), 'utf8').matchAll(/['"`](ERR_MSG_)?REDIS_[A-Z_]+/g)].map(
        (match) => `${file}: ${match[0]}`,
      ),
    );
    expect(literals).toEqual([]);
  });
});
