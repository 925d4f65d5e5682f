import { randomFillSync } from 'node:crypto';

// One getrandom() call per 8 KiB instead of one per identifier: the per-call syscall was the
// largest single cost of a MESSAGE in profiles. The bytes are the same CSPRNG output.
const POOL_SIZE = 8192;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomBase64url(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const text = pool.toString('base64url', offset, offset + bytes);
  offset += bytes;
  return text;
}

/** RFC 3261 branch: the magic cookie plus 128 random bits (the npm stack uses Math.random()*1e6). */
export function newBranch(): string {
  return `z9hG4bK${randomBase64url(16)}`;
}

/** A From/To tag with 96 random bits. */
export function newTag(): string {
  return randomBase64url(12);
}

/** A Call-ID with 144 random bits. */
export function newCallId(): string {
  return randomBase64url(18);
}
