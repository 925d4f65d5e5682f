import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SipErrorCode, SipReason } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

function documentedCodes(heading: string): string[] {
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]!);
}

describe('docs/errors.md lists exactly the codes of @messagesend/sip-ua', () => {
  it('thrown error codes', () => {
    expect(documentedCodes('@messagesend/sip-ua: thrown error codes').sort()).toEqual(
      Object.values(SipErrorCode).sort(),
    );
  });
  it('send reasons', () => {
    expect(documentedCodes('@messagesend/sip-ua: send reasons').sort()).toEqual(
      Object.values(SipReason).sort(),
    );
  });
});
