import type { FinalState } from './report.js';

/** Counters of one process; queue depth comes from Redis and is the same on every process. */
export interface QueueCounters {
  enqueued: number;
  refused: number;
  attempts: number;
  retries: number;
  /** Final reports written by this process, by state. */
  final: Record<FinalState, number>;
  movedAside: number;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  /** Messages kept for phones that are not registered. */
  stored: number;
}

export interface QueueStats extends QueueCounters {
  depth: QueueDepth;
}

export function newCounters(): QueueCounters {
  return {
    enqueued: 0,
    refused: 0,
    attempts: 0,
    retries: 0,
    final: { delivered: 0, failed: 0, stored: 0, expired: 0 },
    movedAside: 0,
  };
}
