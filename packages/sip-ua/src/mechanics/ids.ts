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

/** The magic cookie's bits: base64url of these six bytes starts `z9hG4bK` (42 bits), six bits to spare. */
const COOKIE = Buffer.from('z9hG4bKA', 'base64url');
const BRANCH_BYTES = 22;

/**
 * RFC 3261 branch: the magic cookie plus 134 random bits (the npm stack uses Math.random()*1e6).
 * Encoded in one piece, cookie bytes written over the pool's, so the branch is one flat string:
 * `z9hG4bK` + random would be a cons string of two, flattened into a third when first hashed,
 * and a branch is hashed as its transaction's key and held through Timer K.
 */
export function newBranch(): string {
  if (offset + BRANCH_BYTES > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  COOKIE.copy(pool, offset, 0, 5);
  pool[offset + 5] = (COOKIE[5]! & 0xc0) | (pool[offset + 5]! & 0x3f);
  const text = pool.toString('base64url', offset, offset + BRANCH_BYTES);
  offset += BRANCH_BYTES;
  return text;
}

/** A From/To tag with 96 random bits. */
export function newTag(): string {
  return randomBase64url(12);
}

/** A Call-ID with 144 random bits. */
export function newCallId(): string {
  return randomBase64url(18);
}
