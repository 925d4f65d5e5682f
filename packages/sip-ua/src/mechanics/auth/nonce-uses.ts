/**
 * What each nonce has been used for, so an answer cannot be replayed: an answer without qop (RFC
 * 2069) is good once per nonce; with qop its nonce count must grow (RFC 7616 §3.4). Memory is
 * bounded: entries older than the nonce lifetime are dropped, and when the table is still full the
 * oldest entry is dropped and every nonce issued up to it counts as stale from then on, so
 * forgetting a nonce can never make it reusable.
 */
export class NonceUses {
  private readonly last = new Map<string, { issuedAt: number; count: number }>();
  /** Nonces issued at or before this time are stale (their uses may have been forgotten). */
  private floor = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly capacity: number,
    private readonly lifetimeMs: number,
  ) {}

  /** False when `issuedAt` is at or below the forgetting floor. */
  remembered(issuedAt: number): boolean {
    return issuedAt > this.floor;
  }

  /** Records a use; false for a replay. `count` is the nonce count, or undefined for a no-qop answer. */
  use(nonce: string, issuedAt: number, count: number | undefined, now: number): boolean {
    const previous = this.last.get(nonce);
    if (count === undefined) {
      if (previous) return false;
    } else if (!Number.isSafeInteger(count) || count < 1 || (previous && count <= previous.count)) {
      return false;
    }
    this.last.delete(nonce); // re-inserted last: the map stays in order of last use
    this.last.set(nonce, { issuedAt, count: count ?? Number.MAX_SAFE_INTEGER });
    this.prune(now);
    return true;
  }

  get size(): number {
    return this.last.size;
  }

  private prune(now: number): void {
    for (const [nonce, entry] of this.last) {
      const expired = now - entry.issuedAt > this.lifetimeMs;
      if (!expired && this.last.size <= this.capacity) break;
      if (!expired) this.floor = Math.max(this.floor, entry.issuedAt);
      this.last.delete(nonce);
    }
  }
}
