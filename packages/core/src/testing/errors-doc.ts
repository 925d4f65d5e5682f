import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The codes listed in a `## heading` table of the repository's docs/errors.md, sorted. */
export function documentedCodes(heading: string, from = process.cwd()): string[] {
  let dir = from;
  while (!existsSync(join(dir, 'docs', 'errors.md'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no docs/errors.md above ${from}`);
    dir = parent;
  }
  const doc = readFileSync(join(dir, 'docs', 'errors.md'), 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]!).sort();
}
