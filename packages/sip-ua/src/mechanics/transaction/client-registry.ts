import type { IncomingResponse } from '../wire/message.js';

/** What became of a response handed to the registry. */
export type Delivery = 'delivered' | 'absorbed' | 'unmatched';

/**
 * Client transactions by `branch|method`. A live one maps to its response handler; a completed one
 * (RFC 3261 §17.1.2.2, Timer K) keeps only its key and an expiry, so absorbing a retransmitted
 * final response costs a map entry instead of the transaction's closures, timers, request and
 * response. One periodic sweep, not a timer per transaction, forgets expired keys: entries are
 * added in expiry order (one linger per stack and transport kind), so the sweep stops at the first
 * key still due.
 */
export class ClientTransactions {
  private readonly live = new Map<string, (response: IncomingResponse) => void>();
  /** Completed transactions' keys -> when Timer K ends (performance.now() ms). */
  private readonly absorbing = new Map<string, number>();
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly sweepEveryMs: number) {}

  /** Routes responses for `key` to `onResponse` until the returned function is called. */
  listen(key: string, onResponse: (response: IncomingResponse) => void): (lingerMs?: number) => void {
    this.live.set(key, onResponse);
    return (lingerMs = 0) => {
      if (this.live.get(key) !== onResponse) return;
      this.live.delete(key);
      if (lingerMs > 0) this.absorb(key, lingerMs);
    };
  }

  deliver(key: string, response: IncomingResponse): Delivery {
    const onResponse = this.live.get(key);
    if (onResponse) {
      onResponse(response);
      return 'delivered';
    }
    const until = this.absorbing.get(key);
    if (until !== undefined && until > performance.now()) return 'absorbed';
    return 'unmatched';
  }

  /** Live and completed (Timer K) transactions held, for tests and diagnostics. */
  size(): { live: number; absorbing: number } {
    return { live: this.live.size, absorbing: this.absorbing.size };
  }

  clear(): void {
    this.live.clear();
    this.absorbing.clear();
    this.stopSweeping();
  }

  private absorb(key: string, lingerMs: number): void {
    this.absorbing.delete(key); // re-inserted at the end, keeping the map in expiry order
    this.absorbing.set(key, performance.now() + lingerMs);
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), this.sweepEveryMs);
      this.sweeper.unref?.();
    }
  }

  private sweep(): void {
    const now = performance.now();
    for (const [key, until] of this.absorbing) {
      if (until > now) break;
      this.absorbing.delete(key);
    }
    if (this.absorbing.size === 0) this.stopSweeping();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
