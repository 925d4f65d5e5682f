import type { IncomingResponse } from '../wire/message.js';

/** What became of a response handed to the registry. */
export type Delivery = 'delivered' | 'absorbed' | 'unmatched';

/** A live client transaction's place in the registry; `stop` ends it (see ClientTransactions.listen). */
export interface Listening {
  /** Stops routing responses to the transaction; with `lingerMs` > 0 its key absorbs copies that long (Timer K). */
  stop(lingerMs?: number): void;
}

/**
 * Client transactions by branch (RFC 3261 §17.1.3: the top Via's branch and the CSeq method). A
 * live one maps to its method and response handler; a completed one (§17.1.2.2, Timer K) keeps
 * only its key and when Timer K ends, so absorbing a retransmitted final response costs a map
 * entry instead of the transaction's closures, timers, request and response. One periodic sweep,
 * not a timer per transaction, forgets expired keys.
 *
 * Keyed by the branch alone: this stack makes a new random branch for every client transaction,
 * so the method in the key would only cost a joined string per transaction and per response,
 * hashed and (as Timer K's key) held for seconds. The one method that shares another's branch,
 * CANCEL (§9.1), gets its own key. A live entry checks the method and matches exactly.
 *
 * Timer K keeps a 30-bit fingerprint of the key, not the key: a small integer in the map instead
 * of a 30-character string, 111 -> about 60 bytes per completed transaction, which at 20,000
 * MESSAGEs a second is what most of the live heap is. The price is a log line: a response whose
 * fingerprint collides with one in Timer K (about 1 in 8,000 with 130,000 keys held) is called
 * absorbed instead of unmatched. Both are dropped (§17.1.3: a client with no matching
 * transaction discards it), and a live transaction never receives a response by fingerprint.
 */
export class ClientTransactions {
  private readonly live = new Map<string, LiveTransaction>();
  /** Completed transactions' key fingerprints -> when Timer K ends (see tick()). */
  private readonly absorbing = new Map<number, number>();
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly sweepEveryMs: number) {}

  /** Routes responses for `branch` and `method` to `onResponse` until the returned entry is stopped. */
  listen(branch: string, method: string, onResponse: (response: IncomingResponse) => void): Listening {
    const entry = new LiveTransaction(this, transactionKey(branch, method), method, onResponse);
    this.live.set(entry.key, entry);
    return entry;
  }

  deliver(branch: string, method: string, response: IncomingResponse): Delivery {
    const key = transactionKey(branch, method);
    const entry = this.live.get(key);
    if (entry !== undefined && entry.method === method) {
      entry.onResponse(response);
      return 'delivered';
    }
    const until = this.absorbing.get(fingerprint(key));
    if (until !== undefined && isAfter(until, tick())) return 'absorbed';
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

  /** @internal LiveTransaction.stop's work. */
  end(entry: LiveTransaction, lingerMs: number): void {
    if (this.live.get(entry.key) !== entry) return; // stale: a newer listener holds the key
    this.live.delete(entry.key);
    // A Map churned by every transaction can leave V8 a stale copy of its table that keeps the
    // entry alive past scavenges: the entry lets go of the transaction (see CallbackList in core).
    entry.onResponse = IGNORE_RESPONSE;
    if (lingerMs > 0) this.absorb(fingerprint(entry.key), lingerMs);
  }

  private absorb(key: number, lingerMs: number): void {
    // Added in expiry order (one linger per stack and transport kind), so the sweep stops at the
    // first key still due. A key absorbed again keeps its place with a later expiry: keys behind
    // it may then be forgotten up to one linger late, never early (deliver reads the expiry).
    this.absorbing.set(key, (tick() + Math.ceil(lingerMs)) | 0);
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), this.sweepEveryMs);
      this.sweeper.unref?.();
    }
  }

  private sweep(): void {
    const now = tick();
    for (const [key, until] of this.absorbing) {
      if (isAfter(until, now)) break;
      this.absorbing.delete(key);
    }
    if (this.absorbing.size === 0) this.stopSweeping();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** One live transaction: its key, method and handler, and the stop its transaction calls. */
class LiveTransaction implements Listening {
  constructor(
    private readonly registry: ClientTransactions,
    readonly key: string,
    readonly method: string,
    /** The transaction's handler; IGNORE_RESPONSE once stopped. */
    public onResponse: (response: IncomingResponse) => void,
  ) {}

  stop(lingerMs = 0): void {
    this.registry.end(this, lingerMs);
  }
}

function IGNORE_RESPONSE(): void {}

function transactionKey(branch: string, method: string): string {
  return method === 'CANCEL' ? `${branch}|CANCEL` : branch;
}

/** FNV-1a over the key's UTF-16 units, cut to 30 bits: always a small integer (V8 Smi). */
function fingerprint(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

/**
 * Milliseconds as a 32-bit integer that wraps (about every 50 days): stored as a small integer
 * in the map, not a boxed double per key. Compared by difference (isAfter), which is right
 * across the wrap for times less than 24 days apart; Timer K is seconds.
 */
function tick(): number {
  return Math.floor(performance.now()) | 0;
}

function isAfter(until: number, now: number): boolean {
  return ((until - now) | 0) > 0;
}
