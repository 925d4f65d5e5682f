import { describe, expect, it } from 'vitest';
import { newBranch, newCallId, newTag } from '../src/mechanics/ids.js';

describe('identifiers', () => {
  it('a branch is the magic cookie and 134 random bits, base64url, different every time', () => {
    const branches = Array.from({ length: 2000 }, newBranch);
    for (const branch of branches) expect(branch).toMatch(/^z9hG4bK[A-Za-z0-9_-]{23}$/);
    expect(new Set(branches).size).toBe(branches.length);
    // The character after the cookie carries six random bits: all 64 values turn up.
    expect(new Set(branches.map((branch) => branch[7])).size).toBe(64);
    // Across the pool's refill (8 KiB) the cookie is still written.
    for (let i = 0; i < 1000; i++) expect(newBranch().startsWith('z9hG4bK')).toBe(true);
  });

  it('tags and Call-IDs are base64url of 96 and 144 random bits', () => {
    expect(newTag()).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(newCallId()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(newTag()).not.toBe(newTag());
  });
});
