import { randomBytes } from 'node:crypto';

/** RFC 3261 branch: the magic cookie plus 128 random bits (the npm stack uses Math.random()*1e6). */
export function newBranch(): string {
  return `z9hG4bK${randomBytes(16).toString('base64url')}`;
}

/** A From/To tag with 96 random bits. */
export function newTag(): string {
  return randomBytes(12).toString('base64url');
}

/** A Call-ID with 144 random bits. */
export function newCallId(): string {
  return randomBytes(18).toString('base64url');
}
