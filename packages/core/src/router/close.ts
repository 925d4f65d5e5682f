import type { Logger } from '../logger.js';
import type { Stopper } from '../stopper.js';
import type { MessageTech } from '../tech.js';
import type { SendsInFlight } from './sends-in-flight.js';

/**
 * The drain: waits up to `graceMs` for every accepted send, gives each technology's close() what
 * is left of it, then stops the router, which settles whatever is still pending.
 */
export async function drainAndClose(
  graceMs: number,
  inflight: SendsInFlight,
  /** Read after the drain: the technologies registered by then. */
  techs: () => readonly MessageTech<unknown>[],
  stopped: Stopper,
  logger: Logger,
): Promise<void> {
  const until = performance.now() + graceMs;
  await inflight.drain(graceMs);
  const left = Math.max(0, until - performance.now());
  const results = await Promise.allSettled(techs().map((tech) => tech.close?.({ graceMs: left })));
  for (const result of results) {
    if (result.status === 'rejected') logger.error('technology close failed', { error: result.reason });
  }
  stopped.stop();
}
