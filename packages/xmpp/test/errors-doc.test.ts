import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentedCodes } from '@messagesend/core/testing';
import { describe, expect, it } from 'vitest';
import { XmppErrorCode, XmppReason } from '../src/index.js';

describe('docs/errors.md lists exactly the codes of @messagesend/xmpp', () => {
  it('thrown error codes', () =>
    expect(documentedCodes('@messagesend/xmpp: thrown error codes')).toEqual(
      Object.values(XmppErrorCode).sort(),
    ));
  it('send reasons and delivery codes', () =>
    expect(documentedCodes('@messagesend/xmpp: send reasons and delivery codes')).toEqual(
      Object.values(XmppReason).sort(),
    ));
});

describe('every code is an exported constant', () => {
  it('no XMPP_ code is written as a string literal in src outside errors.ts', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file !== 'errors.ts',
    );
    const literals = files.flatMap((file) =>
      [...readFileSync(join(src, file), 'utf8').matchAll(/['"`]XMPP_[A-Z_]+/g)].map(
        (match) => `${file}: ${match[0]}`,
      ),
    );
    expect(literals).toEqual([]);
  });
});
