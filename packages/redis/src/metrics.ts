import { boundOption, DEFAULT_READ_TIMEOUT_MS, withinBound } from './bounded.js';
import type { SendQueue } from './send-queue.js';
import type { QueueStats } from './stats.js';

/** The part of prom-client this needs; pass the module (`import * as prom from 'prom-client'`). */
export interface PromClientLike<Registry = unknown> {
  Gauge: new (config: {
    name: string;
    help: string;
    labelNames?: string[];
    registers?: Registry[];
    collect?: (this: { set(labels: Record<string, string>, value: number): void }) => Promise<void> | void;
  }) => unknown;
}

export interface QueueMetricsOptions {
  /**
   * Bound for the queue read of a scrape (default 2 000 ms): past it the scrape rejects with
   * ERR_MSG_REDIS_TIMEOUT (prom-client's `registry.metrics()` rejects with it) instead of waiting
   * for Redis to come back.
   */
  timeoutMs?: number;
}

/**
 * prom-client gauges read from `queue.stats()` at each scrape (one Redis read per scrape, none
 * per message): messagesend_queue_depth{state}, and this process's counters as
 * messagesend_queue_events{event} (enqueued, refused, attempts, retries, moved_aside, and
 * final_delivered, final_failed, final_stored, final_expired). Counters are exported as gauges
 * because they are read, not incremented, here; rate() over them works the same.
 */
export function registerQueueMetrics<Registry>(
  queue: SendQueue,
  prom: PromClientLike<Registry>,
  registers?: Registry[],
  options: QueueMetricsOptions = {},
): void {
  const timeoutMs = boundOption('timeoutMs', options.timeoutMs, DEFAULT_READ_TIMEOUT_MS);
  let last: Promise<QueueStats> | undefined;
  // Both gauges are collected in one scrape: share one stats() call between them. The bound is
  // this function's own: `queue` may be any SendQueue, not one with readTimeoutMs.
  const stats = (): Promise<QueueStats> => {
    last ??= withinBound(queue.stats(), timeoutMs, 'the queue metrics').finally(() =>
      setTimeout(() => (last = undefined), 100).unref(),
    );
    return last;
  };
  const common = registers ? { registers } : {};
  new prom.Gauge({
    name: 'messagesend_queue_depth',
    help: 'Messages in the Redis send queue by state (the same on every process)',
    labelNames: ['state'],
    ...common,
    async collect() {
      const { depth } = await stats();
      for (const [state, value] of Object.entries(depth)) this.set({ state }, value);
    },
  });
  new prom.Gauge({
    name: 'messagesend_queue_events',
    help: 'Send queue events of this process since it started',
    labelNames: ['event'],
    ...common,
    async collect() {
      const s = await stats();
      const events: Record<string, number> = {
        enqueued: s.enqueued,
        refused: s.refused,
        attempts: s.attempts,
        retries: s.retries,
        moved_aside: s.movedAside,
      };
      for (const [state, value] of Object.entries(s.final)) events[`final_${state}`] = value;
      for (const [event, value] of Object.entries(events)) this.set({ event }, value);
    },
  });
}
