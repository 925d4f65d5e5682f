/**
 * One token bucket per source address. The map is bounded: when it is full the longest-unseen
 * sources are forgotten (they start again with a full bucket), so spoofed sources cannot grow it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxSources = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `source`; false when its bucket is empty. */
  take(source: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(source);
    let tokens = this.burst;
    if (bucket) {
      tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      this.buckets.delete(source); // re-inserted last: Map order is least recently seen first
    } else if (this.buckets.size >= this.maxSources) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    const allowed = tokens >= 1;
    this.buckets.set(source, { tokens: allowed ? tokens - 1 : tokens, at: now });
    return allowed;
  }
}
