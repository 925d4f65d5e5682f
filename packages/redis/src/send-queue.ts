import type { Message, Outcome, Router, SendOptions } from '@messagesend/core';
import { MsgError } from '@messagesend/core';
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { boundOption, DEFAULT_READ_TIMEOUT_MS, withinBound } from './bounded.js';
import { connectRedis, type RedisConnection } from './connection.js';
import { RedisErrorCode, RedisReason } from './errors.js';
import { isMessageId, messageId } from './ids.js';
import { decodePayload, type SendPayload, techOf } from './payload.js';
import type { FinalReport, QueueReport } from './report.js';
import { backoffDelay, classify, mergePolicy, type RetryPolicyInput } from './retry-policy.js';
import { newCounters, type QueueStats } from './stats.js';
import { StoredMessages } from './stored-messages.js';

export interface SendQueueOptions {
  connection: RedisConnection;
  /** Runs the sends. Without it this process only enqueues and reads reports. */
  router?: Router;
  /** Queue name; every process using the same name and Redis shares the queue (default "messagesend"). */
  name?: string;
  /** Parallel sends of this process's worker (default 16); 0 starts no worker. */
  concurrency?: number;
  /** Retry policy for every message, then per technology (`pjsip`, `sip`, `xmpp`), then per call. */
  policy?: RetryPolicyInput;
  techPolicies?: Record<string, RetryPolicyInput>;
  /** Messages waiting, delayed or in flight at most (default 100 000): more is REDIS_QUEUE_FULL. */
  maxQueueLength?: number;
  /** Encoded job size at most (default 65 536 bytes): more is REDIS_MESSAGE_TOO_LARGE. */
  maxMessageBytes?: number;
  /** Final reports (and idempotency keys) are kept this long (default 24 h). */
  reportTtlMs?: number;
  /** Bound for enqueue while Redis is away (default 5 000 ms), then REDIS_UNAVAILABLE. */
  enqueueTimeoutMs?: number;
  /** Bound for report() and stats() while Redis is away (default 2 000 ms), then ERR_MSG_REDIS_TIMEOUT. */
  readTimeoutMs?: number;
  /** Bound for the first connection at start (default 5 000 ms), then ERR_MSG_REDIS_UNREACHABLE. */
  connectTimeoutMs?: number;
  /**
   * A worker that stops answering loses its jobs after this long (default 30 000 ms, BullMQ's
   * lockDuration): another worker then sends them again, with the same identity.
   */
  lockDurationMs?: number;
  /** Store-and-forward for every message to these destinations (`pjsip:phone`), for `storeForMs`. */
  storeAndForward?: { destinations?: string[]; storeForMs?: number };
}

export interface EnqueueOptions extends Pick<SendOptions, 'from' | 'to' | 'timeoutMs'> {
  /** The same key within reportTtlMs is the same message: the enqueue is a no-op returning its id. */
  idempotencyKey?: string;
  policy?: RetryPolicyInput;
  /** Keep the message for this long when the endpoint has no registered contact (opt-in). */
  storeForMs?: number;
}

export type EnqueueResult = Outcome<{ id: string }, RedisReason>;

export interface SendQueue {
  readonly name: string;
  /** Accepted once Redis has the job (AOF with appendfsync always makes that durable). */
  enqueue(destination: string, message: Message, options?: EnqueueOptions): Promise<EnqueueResult>;
  /**
   * The report of a message by id, from any process; undefined for an unknown or expired id.
   * Rejects with ERR_MSG_REDIS_TIMEOUT when Redis does not answer within readTimeoutMs.
   */
  report(id: string): Promise<QueueReport | undefined>;
  /** Sends what was stored for `destination` (called when its phone registers). */
  flushStored(destination: string): Promise<number>;
  /** Rejects with ERR_MSG_REDIS_TIMEOUT when Redis does not answer within readTimeoutMs. */
  stats(): Promise<QueueStats>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Opens the queue (and, with a router, a worker): a Redis that does not answer is ERR_MSG_REDIS_UNREACHABLE. */
export async function createSendQueue(options: SendQueueOptions): Promise<SendQueue> {
  const name = options.name ?? 'messagesend';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    throw new MsgError(RedisErrorCode.InvalidOption, `queue name "${name}" must be 1-64 of A-Z a-z 0-9 _ -`);
  const maxQueueLength = options.maxQueueLength ?? 100_000;
  const maxMessageBytes = options.maxMessageBytes ?? 65_536;
  const reportTtlMs = options.reportTtlMs ?? DAY_MS;
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 5_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const readTimeoutMs = boundOption('readTimeoutMs', options.readTimeoutMs, DEFAULT_READ_TIMEOUT_MS);

  const client = await connectRedis(options.connection, { timeoutMs: connectTimeoutMs, blocking: true });
  const queue = new Queue(name, { connection: client });
  queue.on('error', () => {});
  const keys = { report: (id: string) => `ms:${name}:report:${id}` };
  const stored = new StoredMessages(client, name);
  const counters = newCounters();

  let depth = { at: 0, value: 0 };
  const queueLength = async (): Promise<number> => {
    if (Date.now() - depth.at < 500) return depth.value;
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    depth = { at: Date.now(), value: Object.values(counts).reduce((a, b) => a + b, 0) };
    return depth.value;
  };

  const policyFor = (payload: SendPayload) =>
    mergePolicy(options.policy, options.techPolicies?.[techOf(payload.destination)], payload.policy);

  const storeForMs = (payload: SendPayload): number | undefined =>
    payload.storeForMs ??
    (options.storeAndForward?.destinations?.includes(payload.destination)
      ? (options.storeAndForward.storeForMs ?? DAY_MS)
      : undefined);

  // A job's report is its return value (BullMQ stores it with the completion, no extra round
  // trip); a stored message's later report outlives its job, so it gets a key of its own.
  const writeReport = async (report: FinalReport, ownKey = false): Promise<FinalReport> => {
    counters.final[report.state]++;
    if (ownKey) await client.set(keys.report(report.id), JSON.stringify(report), 'PX', reportTtlMs);
    return report;
  };

  const sendOnce = async (id: string, payload: SendPayload) => {
    const policy = policyFor(payload);
    const sendOptions: SendOptions = { waitForDelivery: true };
    if (payload.from !== undefined) sendOptions.from = payload.from;
    if (payload.to !== undefined) sendOptions.to = payload.to;
    if (payload.timeoutMs !== undefined) sendOptions.timeoutMs = payload.timeoutMs;
    counters.attempts++;
    // The message id is the Call-ID / stanza id: every attempt carries the same identity.
    // Object.assign, not a spread of the just-parsed message: a spread gave each job's message a
    // hidden class of its own on Node 20 (see core's create-router.ts).
    const message = Object.assign({}, payload.message, { id });
    const result = await options.router!.send(payload.destination, message, sendOptions);
    const delivery = await result.delivery;
    return { result, delivery, verdict: classify(result, delivery, policy), policy };
  };

  const finalOf = (
    id: string,
    payload: SendPayload,
    attempts: number,
    sent: Awaited<ReturnType<typeof sendOnce>>,
    state: FinalReport['state'],
    reason?: string,
  ): FinalReport => {
    const report: FinalReport = {
      id,
      state,
      destination: payload.destination,
      status: sent.result.status,
      outcome: sent.delivery.outcome,
      attempts,
      enqueuedAt: payload.enqueuedAt,
      finishedAt: Date.now(),
    };
    const why = reason ?? sent.result.reason;
    if (why !== undefined) report.reason = why;
    if (sent.delivery.code !== undefined) report.code = sent.delivery.code;
    const detail = sent.delivery.detail ?? sent.result.detail;
    if (detail !== undefined) report.detail = detail;
    return report;
  };

  const runJob = async (job: Job, token?: string): Promise<FinalReport> => {
    const payload = decodePayload(job.data);
    if (typeof payload === 'string') {
      counters.movedAside++;
      // Failed at once with its error: BullMQ keeps it in the failed set, never retried.
      throw new UnrecoverableError(`${RedisReason.Undecodable}: ${payload}`);
    }
    const id = job.id!;
    const attempts = job.attemptsStarted;
    const sent = await sendOnce(id, payload);
    if (sent.verdict.kind === 'delivered')
      return writeReport(finalOf(id, payload, attempts, sent, 'delivered'));
    if (sent.verdict.kind === 'no-contact') {
      const keepMs = storeForMs(payload);
      if (keepMs === undefined) return writeReport(finalOf(id, payload, attempts, sent, 'failed'));
      const expiresAt = Date.now() + keepMs;
      await stored.push(payload.destination, { id, payload, expiresAt });
      const report = finalOf(id, payload, attempts, sent, 'stored', RedisReason.Stored);
      return writeReport({ ...report, storedUntil: expiresAt }, true);
    }
    if (sent.verdict.kind === 'final') return writeReport(finalOf(id, payload, attempts, sent, 'failed'));
    const { policy } = sent;
    if (attempts >= policy.maxAttempts)
      return writeReport(finalOf(id, payload, attempts, sent, 'failed', RedisReason.AttemptsExhausted));
    const delay = backoffDelay(attempts, policy);
    if (Date.now() + delay - payload.enqueuedAt > policy.maxAgeMs)
      return writeReport(finalOf(id, payload, attempts, sent, 'failed', RedisReason.AgeLimit));
    counters.retries++;
    await job.moveToDelayed(Date.now() + delay, token);
    throw new DelayedError();
  };

  let worker: Worker | undefined;
  const concurrency = options.concurrency ?? 16;
  if (options.router && concurrency > 0) {
    worker = new Worker(name, runJob, {
      connection: client,
      concurrency,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(1_000, Math.floor((options.lockDurationMs ?? 30_000) / 2)),
      // A job stalls once per crashed worker; many crashes in a row still end in the failed set.
      maxStalledCount: 10,
      removeOnComplete: { age: Math.ceil(reportTtlMs / 1000) },
      removeOnFail: { age: Math.ceil(reportTtlMs / 1000) },
    });
    worker.on('error', () => {});
  }

  const enqueue = async (
    destination: string,
    message: Message,
    enqueueOptions: EnqueueOptions = {},
  ): Promise<EnqueueResult> => {
    const refuse = (reason: RedisReason, detail: string): EnqueueResult => {
      counters.refused++;
      return { ok: false, reason, detail };
    };
    if (typeof message !== 'object' || message === null)
      return refuse(RedisReason.InvalidRequest, 'message must be an object');
    const payload: SendPayload = {
      v: 1,
      destination,
      message: copyMessage(message),
      enqueuedAt: Date.now(),
      order: performance.timeOrigin + performance.now(),
    };
    if (enqueueOptions.from !== undefined) payload.from = enqueueOptions.from;
    if (enqueueOptions.to !== undefined) payload.to = enqueueOptions.to;
    if (enqueueOptions.timeoutMs !== undefined) payload.timeoutMs = enqueueOptions.timeoutMs;
    if (enqueueOptions.policy !== undefined) payload.policy = enqueueOptions.policy;
    if (enqueueOptions.storeForMs !== undefined) payload.storeForMs = enqueueOptions.storeForMs;
    // The worker decodes with the same check: what is refused here would be moved aside there.
    const problem = decodePayload(payload);
    if (typeof problem === 'string') return refuse(RedisReason.InvalidRequest, problem);
    if (payload.timeoutMs !== undefined && !(payload.timeoutMs > 0 && payload.timeoutMs < 2 ** 31))
      return refuse(RedisReason.InvalidRequest, 'timeoutMs must be a positive number of milliseconds');
    const bytes = Buffer.byteLength(JSON.stringify(payload));
    if (bytes > maxMessageBytes)
      return refuse(
        RedisReason.MessageTooLarge,
        `the message is ${bytes} bytes; the limit is ${maxMessageBytes}`,
      );
    const id = messageId(enqueueOptions.idempotencyKey);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), enqueueTimeoutMs);
    });
    try {
      const added = await Promise.race([
        (async () => {
          if ((await queueLength()) >= maxQueueLength) return 'full' as const;
          await queue.add('send', payload, {
            jobId: id,
            // Only for a failure of the worker itself (Redis gone while it reports): a send's own
            // retries are the policy's (moveToDelayed), and an undecodable job fails at once.
            attempts: 5,
            backoff: { type: 'exponential', delay: 1_000 },
          });
          return 'added' as const;
        })(),
        timeout,
      ]);
      if (added === 'full')
        return refuse(RedisReason.QueueFull, `the queue holds ${maxQueueLength} messages, its limit`);
      if (added === 'timeout')
        return refuse(
          RedisReason.Unavailable,
          `Redis did not confirm within ${enqueueTimeoutMs} ms; the message may still be accepted: ` +
            'enqueue again with the same idempotencyKey to be sure it is queued once',
        );
      depth.value++;
      counters.enqueued++;
      return { ok: true, id };
    } catch (error) {
      return refuse(RedisReason.Unavailable, `Redis refused the job: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const readReport = async (id: string): Promise<QueueReport | undefined> => {
    const text = await client.get(keys.report(id));
    if (text !== null) {
      const final = JSON.parse(text) as FinalReport;
      // Redis drops a stored message with its key's TTL; its report says so from then on.
      if (final.state === 'stored' && final.storedUntil !== undefined && final.storedUntil <= Date.now())
        return { ...final, state: 'expired', reason: RedisReason.StoredExpired };
      return final;
    }
    // The state first: a job read before it finished would lack its result.
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job || state === 'unknown') return undefined;
    if (state === 'failed') {
      const payload = decodePayload(job.data);
      const why = job.failedReason ?? '';
      return {
        id,
        state: 'failed',
        destination: typeof payload === 'string' ? '' : payload.destination,
        reason: why.startsWith(RedisReason.Undecodable) ? RedisReason.Undecodable : why,
        detail: why,
        attempts: job.attemptsStarted,
        enqueuedAt: job.timestamp,
        finishedAt: job.finishedOn ?? Date.now(),
      };
    }
    if (state === 'completed' && job.returnvalue) return job.returnvalue as FinalReport;
    return {
      id,
      state: state === 'active' ? 'sending' : state === 'delayed' ? 'retrying' : 'queued',
      attempts: job.attemptsStarted,
    };
  };

  const report = async (id: string): Promise<QueueReport | undefined> => {
    if (typeof id !== 'string' || !isMessageId(id)) return undefined;
    return withinBound(readReport(id), readTimeoutMs, `the report of ${id}`);
  };

  const readStats = async (): Promise<QueueStats> => {
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'completed',
      'failed',
      'prioritized',
    );
    return {
      ...counters,
      final: { ...counters.final },
      depth: {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
        stored: await stored.count(),
      },
    };
  };

  const flushStored = async (destination: string): Promise<number> => {
    if (!options.router) return 0;
    return stored.flush(
      destination,
      async (entry) => {
        const attempts = 1;
        const sent = await sendOnce(entry.id, entry.payload);
        if (sent.verdict.kind === 'delivered') {
          await writeReport(finalOf(entry.id, entry.payload, attempts, sent, 'delivered'), true);
          return 'done';
        }
        if (sent.verdict.kind === 'final') {
          await writeReport(finalOf(entry.id, entry.payload, attempts, sent, 'failed'), true);
          return 'done';
        }
        return 'keep';
      },
      async (entry) => {
        counters.final.expired++;
        await client.set(
          keys.report(entry.id),
          JSON.stringify({
            id: entry.id,
            state: 'expired',
            destination,
            reason: RedisReason.StoredExpired,
            attempts: 1,
            enqueuedAt: entry.payload.enqueuedAt,
            finishedAt: Date.now(),
          } satisfies FinalReport),
          'PX',
          reportTtlMs,
        );
      },
    );
  };

  return {
    name,
    enqueue,
    report,
    flushStored,
    stats: () => withinBound(readStats(), readTimeoutMs, 'the queue stats'),
    async close() {
      await worker?.close();
      await queue.close();
      client.disconnect();
    },
  };
}

function copyMessage(message: Message): Message {
  const copy: Message = { body: message.body };
  if (message.from !== undefined) copy.from = message.from;
  if (message.to !== undefined) copy.to = message.to;
  if (message.contentType !== undefined) copy.contentType = message.contentType;
  if (message.data !== undefined) copy.data = { ...message.data };
  return copy;
}

export type { Redis };
