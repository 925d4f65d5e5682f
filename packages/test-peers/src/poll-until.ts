/** What a probe answers: a value when the wait is over, `undefined` or `false` while it is not. */
export type Probed<T> = T | undefined | false;

export interface PollOptions {
  /** The bound (default 10 s): every wait in a test has one. */
  timeoutMs?: number;
  /** How often to ask (default 25 ms). */
  intervalMs?: number;
  /** Added to the error when the bound passes (a peer's log, the state seen last). */
  detail?: () => string;
}

/**
 * Asks `probe` until it answers a value (anything but `undefined` or `false`) and returns it; throws,
 * naming `what`, when `timeoutMs` passes first. The one bounded poll the tests use instead of a sleep.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Probed<T> | Promise<Probed<T>>,
  options: PollOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const detail = options.detail?.();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `:\n${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Reads `read()` until `accept` takes what it gives, and returns that; throws at the bound with
 * the last value read. For state that changes in place (a registration's state, a queue's length).
 */
export function pollFor<T>(
  what: string,
  read: () => T,
  accept: (value: T) => boolean,
  options: Omit<PollOptions, 'detail'> = {},
): Promise<T> {
  let last: T | undefined;
  return pollUntil(
    what,
    () => {
      last = read();
      return accept(last) ? { value: last } : undefined;
    },
    { ...options, detail: () => `last seen: ${JSON.stringify(last)}` },
  ).then(({ value }) => value);
}
