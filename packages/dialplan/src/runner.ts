/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import { type Logger, MsgError, toLogger } from '@messagesend/core';
import { DialplanCode, DialplanErrorCode } from './errors.js';
import { Fifo } from './fifo.js';
import type { Dialplan } from './model.js';
import { type DialplanInbound, type RunOutcome, runDialplan } from './run.js';
import type { DialplanSend } from './run-state.js';

export interface DialplanRunnerOptions {
  dialplan: Dialplan;
  /** Sends for MessageSend; `router.send` fits as it is. */
  send: DialplanSend;
  logger?: Logger;
  /** Loop guard: the most priorities one message may execute (default 1000). */
  maxPriorities?: number;
  /** Bound on one message's run; then the next message goes (default 10 000 ms). */
  runTimeoutMs?: number;
  /** Longest Wait() (default 5000 ms). */
  maxWaitMs?: number;
  /** Messages waiting beyond the one running; over it accept() declines (default 1000). */
  maxQueue?: number;
  /** Longest value `${}` substitution produces (default 1 MiB of UTF-16 units). */
  maxValueLength?: number;
  /** Called after each run, with how it ended. */
  onRunEnd?: (outcome: RunOutcome, inbound: DialplanInbound) => void;
}

export interface DialplanRunnerStats {
  accepted: number;
  declined: number;
  queued: number;
  outcomes: Record<RunOutcome, number>;
}

export interface DialplanRunner {
  /**
   * Takes a received message if the dialplan has `context`,`exten` (or `s`) at priority 1; false
   * means the dialplan does not take it (the next handler may, else the technology answers 404).
   * Taken messages run one at a time, in arrival order.
   */
  accept(inbound: DialplanInbound): boolean;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  stats(): DialplanRunnerStats;
  /** Stops taking messages, lets the queue finish within `graceMs` (default 2000), ends and reports the rest. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Asterisk's single message queue, with each run bounded so one slow message cannot hold up the rest. */
export function createDialplanRunner(options: DialplanRunnerOptions): DialplanRunner {
  if (!options?.dialplan || typeof options.send !== 'function')
    throw new MsgError(DialplanErrorCode.Config, 'createDialplanRunner needs { dialplan, send }');
  const logger = toLogger(options.logger);
  const maxPriorities = options.maxPriorities ?? 1000;
  const runTimeoutMs = options.runTimeoutMs ?? 10_000;
  const maxQueue = options.maxQueue ?? 1000;
  const limits = { maxWaitMs: options.maxWaitMs ?? 5000, maxValueLength: options.maxValueLength ?? 1 << 20 };
  const queue = new Fifo<DialplanInbound>();
  const outcomes: Record<RunOutcome, number> = {
    completed: 0,
    hangup: 0,
    error: 0,
    'loop-guard': 0,
    timeout: 0,
  };
  let accepted = 0;
  let declined = 0;
  let running: Promise<void> | undefined;
  let current: AbortController | undefined;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const runOne = async (inbound: DialplanInbound): Promise<RunOutcome> => {
    const controller = new AbortController();
    current = controller;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<RunOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, runTimeoutMs);
    });
    const run = runDialplan(inbound, {
      dialplan: options.dialplan,
      send: options.send,
      logger,
      limits,
      maxPriorities,
      signal: controller.signal,
    });
    // A send that ignores the signal keeps its promise; the queue moves on at the deadline anyway.
    const outcome = await Promise.race([run, deadline]);
    clearTimeout(timer);
    current = undefined;
    if (outcome === 'timeout')
      logger.error(`dialplan: run over ${runTimeoutMs} ms; ended, next message taken`, {
        code: DialplanCode.RunTimeout,
        context: inbound.context,
        exten: inbound.exten || 's',
      });
    return outcome;
  };

  const drain = async (): Promise<void> => {
    for (let inbound = queue.shift(); inbound; inbound = queue.shift()) {
      const outcome = await runOne(inbound);
      outcomes[outcome]++;
      try {
        options.onRunEnd?.(outcome, inbound);
      } catch (error) {
        logger.error('dialplan: onRunEnd threw', { error });
      }
    }
    running = undefined;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  return {
    accept(inbound) {
      if (
        closed ||
        !inbound ||
        typeof inbound.context !== 'string' ||
        typeof inbound.message?.body !== 'string'
      ) {
        declined++;
        return false;
      }
      if (!options.dialplan.hasDestination(inbound.context, inbound.exten)) {
        declined++;
        return false;
      }
      if (queue.length >= maxQueue) {
        logger.warn(`dialplan: ${maxQueue} messages waiting; this one is declined`, {
          code: DialplanCode.QueueFull,
          context: inbound.context,
        });
        declined++;
        return false;
      }
      accepted++;
      queue.push(inbound);
      running ??= drain();
      return true;
    },
    idle() {
      return running ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
    },
    stats: () => ({ accepted, declined, queued: queue.length, outcomes: { ...outcomes } }),
    async close(closeOptions = {}) {
      closed = true;
      const graceMs = closeOptions.graceMs ?? 2000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      const left = queue.takeAll();
      if (left.length > 0)
        logger.error(`dialplan: closed with ${left.length} messages not run`, {
          code: DialplanCode.Closed,
          from: left.map((inbound) => inbound.message.from),
        });
      current?.abort();
    },
  };
}
