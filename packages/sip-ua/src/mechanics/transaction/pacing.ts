/** Bounds of the adaptive per-destination window of in-flight non-INVITE client transactions. */
export interface PacingOptions {
  /** The window a destination starts with (default 16). */
  initialWindow?: number;
  /** The window never shrinks below this (default 4). */
  minWindow?: number;
  /** The window never grows above this (default 128). */
  maxWindow?: number;
}

export const DEFAULT_PACING: Required<PacingOptions> = { initialWindow: 16, minWindow: 4, maxWindow: 128 };

/** A place in the window, held from the transaction's start to its end. */
export interface PacingSlot {
  /** Timer E fired: a request or its response was lost, so the window shrinks. */
  retransmitted(): void;
  /** The transaction ended; `inTime` when its final response came before any retransmission. */
  release(inTime: boolean): void;
}

/** A transaction waiting for (or holding) a slot; `withdraw` gives up its place in the queue. */
export interface PacingTicket {
  withdraw(): void;
}

/** A transaction waiting in a destination's queue: its own ticket, so queueing makes one object. */
class Waiter implements PacingTicket {
  withdrawn = false;

  constructor(
    readonly start: (slot: PacingSlot) => void,
    private readonly window: DestinationWindow,
  ) {}

  withdraw(): void {
    // Left in place and skipped when its turn comes: O(1), keeps the order of the others.
    this.withdrawn = true;
    this.window.compactIfIdle();
  }
}

/** A held place in a window: one object with methods, not two closures per transaction. */
class Slot implements PacingSlot {
  private held = true;
  private lost = false;

  constructor(private readonly window: DestinationWindow) {}

  retransmitted(): void {
    this.lost = true;
    this.window.shrink();
  }

  release(inTime: boolean): void {
    if (!this.held) return;
    this.held = false;
    this.window.released(inTime && !this.lost);
  }
}

/**
 * One destination's window, sized like TCP's congestion window: it grows by one per response
 * that came back before any retransmission (doubling per round trip) until the first loss, then
 * by 1/window per response (one per round trip); a retransmission halves it, at most once per
 * `shrinkGapMs` (one loss burst makes many retransmissions at once). Transactions beyond it wait
 * in order; each waiter stays bound by its own send's deadline, which withdraws it.
 */
class DestinationWindow {
  private window: number;
  private threshold = Number.POSITIVE_INFINITY;
  private inflight = 0;
  private readonly queue: Waiter[] = [];
  private head = 0;
  private lastShrink = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly bounds: Required<PacingOptions>,
    private readonly shrinkGapMs: number,
    private readonly onIdle: () => void,
  ) {
    this.window = bounds.initialWindow;
  }

  request(start: (slot: PacingSlot) => void): PacingTicket {
    if (this.head === this.queue.length && this.inflight < Math.floor(this.window)) {
      this.inflight++;
      start(new Slot(this));
      return NOTHING_TO_WITHDRAW;
    }
    const waiter = new Waiter(start, this);
    this.queue.push(waiter);
    return waiter;
  }

  /** A slot was given back; `grow` when its response came in time and nothing was lost. */
  released(grow: boolean): void {
    this.inflight--;
    if (grow) this.grow();
    this.pump();
  }

  private grow(): void {
    const step = this.window < this.threshold ? 1 : 1 / this.window;
    this.window = Math.min(this.bounds.maxWindow, this.window + step);
  }

  shrink(): void {
    const now = performance.now();
    if (now - this.lastShrink < this.shrinkGapMs) return;
    this.lastShrink = now;
    this.window = Math.max(this.bounds.minWindow, this.window / 2);
    this.threshold = this.window;
  }

  private pump(): void {
    while (this.head < this.queue.length && this.inflight < Math.floor(this.window)) {
      const waiter = this.queue[this.head++]!;
      if (waiter.withdrawn) continue;
      this.inflight++;
      waiter.start(new Slot(this));
    }
    this.compactIfIdle();
  }

  compactIfIdle(): void {
    while (this.head < this.queue.length && this.queue[this.head]!.withdrawn) this.head++;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      if (this.inflight === 0) this.onIdle();
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

const NOTHING_TO_WITHDRAW: PacingTicket = { withdraw: () => {} };

/**
 * Paces one transport's client transactions per destination, so a caller's large window does not
 * overflow the peer's (or our) socket buffer: on UDP each lost datagram costs T1 or more. Written
 * here because no maintained library paces SIP transactions; the window logic is a few lines.
 */
export class Pacer {
  private readonly windows = new Map<string, DestinationWindow>();
  private readonly bounds: Required<PacingOptions>;

  constructor(
    options: PacingOptions,
    private readonly shrinkGapMs: number,
  ) {
    const merged = { ...DEFAULT_PACING, ...options };
    const minWindow = Math.max(1, Math.floor(merged.minWindow));
    const maxWindow = Math.max(minWindow, Math.floor(merged.maxWindow));
    const initialWindow = Math.min(maxWindow, Math.max(minWindow, Math.floor(merged.initialWindow)));
    this.bounds = { minWindow, maxWindow, initialWindow };
  }

  /**
   * Starts `start` now if `destination`'s window has room, else queues it behind the others.
   * The caller must `withdraw` the ticket if it stops waiting, and release the slot it got.
   */
  request(destination: string, start: (slot: PacingSlot) => void): PacingTicket {
    let window = this.windows.get(destination);
    if (!window) {
      window = new DestinationWindow(this.bounds, this.shrinkGapMs, () => this.windows.delete(destination));
      this.windows.set(destination, window);
    }
    return window.request(start);
  }

  /** Destinations with a transaction in flight or waiting. */
  get destinations(): number {
    return this.windows.size;
  }
}
