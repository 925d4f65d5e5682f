import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XmppErrorCode, XmppReason } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const codes = (heading: string): string[] => {
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]!).sort();
};

describe('docs/errors.md lists exactly the codes of @messagesend/xmpp', () => {
  it('thrown error codes', () =>
    expect(codes('@messagesend/xmpp: thrown error codes')).toEqual(Object.values(XmppErrorCode).sort()));
  it('send reasons and delivery codes', () =>
    expect(codes('@messagesend/xmpp: send reasons and delivery codes')).toEqual(
      Object.values(XmppReason).sort(),
    ));
});
