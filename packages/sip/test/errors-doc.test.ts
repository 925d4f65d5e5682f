import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SipTechErrorCode, SipTechReason } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const codes = (heading: string): string[] => {
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]!).sort();
};

describe('docs/errors.md lists exactly the codes of @messagesend/sip', () => {
  it('thrown error codes', () =>
    expect(codes('@messagesend/sip: thrown error codes')).toEqual(Object.values(SipTechErrorCode).sort()));
  it('send reasons', () =>
    expect(codes('@messagesend/sip: send reasons')).toEqual(Object.values(SipTechReason).sort()));
});
