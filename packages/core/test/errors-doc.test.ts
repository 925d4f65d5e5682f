import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, Reason } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

function documentedCodes(heading: string): string[] {
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]!);
}

describe('docs/errors.md', () => {
  it('lists exactly the thrown error codes', () => {
    expect(documentedCodes('Thrown error codes').sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('lists exactly the router reasons', () => {
    expect(documentedCodes('Send reasons from the router').sort()).toEqual(Object.values(Reason).sort());
  });
});
