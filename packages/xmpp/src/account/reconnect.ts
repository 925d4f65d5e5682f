const MAX_RECONNECT_DELAY_MS = 30_000;

/** Reconnection with backoff: the first delay, doubled after each failed attempt up to 30 s. */
export class Reconnect {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delayMs: number;

  constructor(private readonly firstDelayMs: number) {
    this.delayMs = firstDelayMs;
  }

  /** Back to the first delay (the account is online again). */
  reset(): void {
    this.delayMs = this.firstDelayMs;
  }

  /**
   * Runs `attempt` after the current delay (replacing any scheduled one). When it fails (resolves
   * false) the delay doubles and `again` runs, to schedule the next attempt unless closed.
   */
  schedule(attempt: () => Promise<boolean>, again: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      if (await attempt()) return;
      this.delayMs = Math.min(this.delayMs * 2, MAX_RECONNECT_DELAY_MS);
      again();
    }, this.delayMs);
    this.timer.unref?.();
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}
