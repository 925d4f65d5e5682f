import {
  type Failure,
  type Message,
  Reason,
  type Router,
  type SendOptions,
  type Success,
  splitDestination,
} from '@messagesend/core';
import {
  createSendQueue,
  DEFAULT_RETRY_POLICY,
  forwardOnRegister,
  type QueueReport,
  type QueueStats,
  RedisReason,
  RedisRegistrationStore,
  registerQueueMetrics,
  type SendQueue,
} from '@messagesend/redis';
import { type Binding, MemoryRegistrationStore, type RegistrationStore } from '@messagesend/sip-ua';
import type { Logger } from 'pino';
import * as prom from 'prom-client';

/** `createGateway({ redis })`: registrations and sends shared by every gateway on one Redis. */
export interface GatewayRedisOptions {
  /** `redis://[[user]:password@]host:port[/db]` (`rediss://` for TLS). */
  url: string;
  /** Queue and key prefix: gateways with the same name on one Redis share phones and messages (default "messagesend"). */
  name?: string;
  /** Parallel sends of this process's queue worker (default 16). */
  concurrency?: number;
  /** Bound for reaching Redis at start (default 5 000 ms), then ERR_MSG_REDIS_UNREACHABLE. */
  connectTimeoutMs?: number;
}

/** The technologies whose registrar keeps its bindings in the shared store. */
const SHARED_REGISTRARS = ['pjsip', 'sip'] as const;
type Registrar = (typeof SHARED_REGISTRARS)[number];

/** Destinations callers use for a registered key of each technology (store-and-forward's trigger). */
const DESTINATIONS: Record<Registrar, (key: string) => string[]> = {
  pjsip: (key) => [`pjsip:${key}`, `PJSIP/${key}`],
  sip: (key) => [`sip:${key}`, `SIP/${key}`],
};

/**
 * The technologies are built synchronously (createGateway) but a Redis store opens asynchronously
 * (start): this stands in for it and forwards to it once open. Nothing registers before start, as
 * the transports are not listening yet.
 */
class LateRegistrationStore implements RegistrationStore {
  private target: RegistrationStore = new MemoryRegistrationStore();
  attach(store: RegistrationStore): void {
    this.target = store;
  }
  bindings(key: string, now?: number): Binding[] {
    return this.target.bindings(key, now);
  }
  replace(key: string, bindings: Binding[]): void {
    this.target.replace(key, bindings);
  }
  size(now?: number): number {
    return this.target.size?.(now) ?? 0;
  }
}

/** The URL without its credentials, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/** A failure carries the HTTP status the ARI answer uses. */
export type QueuedSend = Success<{ id: string }> | (Failure & { status: 400 | 404 | 503 });

/** What the gateway plugs into Redis: one per gateway. */
export class GatewayRedis {
  private readonly late = new Map<Registrar, LateRegistrationStore>();
  private readonly stores: { tech: Registrar; store: RedisRegistrationStore }[] = [];
  private stopForwarding: (() => void)[] = [];
  private sendQueue: SendQueue | undefined;

  constructor(
    readonly options: GatewayRedisOptions,
    private readonly logger: Logger,
  ) {}

  /** The store handed to a technology at load (pjsip, sip); undefined for the others. */
  registrationsFor(tech: string): RegistrationStore | undefined {
    if (!(SHARED_REGISTRARS as readonly string[]).includes(tech)) return undefined;
    const store = new LateRegistrationStore();
    this.late.set(tech as Registrar, store);
    return store;
  }

  get queue(): SendQueue | undefined {
    return this.sendQueue;
  }

  /**
   * Before the router starts: opens a store per loaded registrar, the queue (with a worker on
   * `router`) and store-and-forward; a Redis that does not answer is ERR_MSG_REDIS_UNREACHABLE.
   */
  async open(router: Router, registry: prom.Registry): Promise<void> {
    const name = this.options.name ?? 'messagesend';
    const timeout = this.options.connectTimeoutMs;
    const connection = this.options.url;
    try {
      for (const [tech, late] of this.late) {
        // One store per technology: a pjsip AOR and a chan_sip peer of the same name stay apart.
        const store = await RedisRegistrationStore.open({
          connection,
          name: `${name}-${tech}`,
          ...(timeout !== undefined ? { connectTimeoutMs: timeout } : {}),
        });
        store.on('error', (error: unknown) =>
          this.logger.warn({ tech, err: String(error) }, 'Redis did not take a registration; kept locally'),
        );
        this.stores.push({ tech, store });
        late.attach(store);
      }
      this.sendQueue = await createSendQueue({
        connection,
        router,
        name,
        ...(this.options.concurrency !== undefined ? { concurrency: this.options.concurrency } : {}),
        ...(timeout !== undefined ? { connectTimeoutMs: timeout } : {}),
        // A send cut short by this gateway's shutdown is retried (by another process, or this one
        // after its restart) rather than reported failed: the message is not lost to a restart.
        policy: { retryReasons: [...DEFAULT_RETRY_POLICY.retryReasons, Reason.RouterClosed] },
      });
    } catch (error) {
      await this.close();
      throw error;
    }
    const queue = this.sendQueue;
    for (const { tech, store } of this.stores)
      this.stopForwarding.push(
        forwardOnRegister(store, queue, DESTINATIONS[tech], (error) =>
          this.logger.warn(
            { tech, err: String(error) },
            'store-and-forward failed; kept for the next REGISTER',
          ),
        ),
      );
    // boundedStats answers within 2 s with the last values read; the metrics' own bound is only
    // a backstop here, so it must not race it.
    registerQueueMetrics({ ...queue, stats: () => this.boundedStats(queue) }, prom, [registry], {
      timeoutMs: 5_000,
    });
    this.logger.info(
      { redis: redactRedisUrl(connection), queue: name },
      'Redis queue and registrations open',
    );
  }

  /** A send through the queue: accepted (the id) or refused with the HTTP status ARI answers. */
  async enqueue(
    router: Router,
    destination: string,
    message: Message,
    options: Pick<SendOptions, 'from' | 'to'>,
  ): Promise<QueuedSend> {
    const tech = splitDestination(destination)?.tech;
    // A technology this gateway does not serve would only fail in the worker: refuse it now, as
    // the direct path does.
    if (tech === undefined || !router.get(tech))
      return { ok: false, status: 404, reason: RedisReason.InvalidRequest, detail: 'no such technology' };
    const queue = this.sendQueue;
    if (!queue) return { ok: false, status: 503, reason: RedisReason.Unavailable, detail: 'queue not open' };
    const result = await queue.enqueue(destination, message, options);
    if (result.ok) return result;
    const status =
      result.reason === RedisReason.InvalidRequest || result.reason === RedisReason.MessageTooLarge
        ? 400
        : 503;
    return { ok: false, status, reason: result.reason, detail: result.detail };
  }

  private lastStats: QueueStats | undefined;

  /**
   * The queue's client waits for Redis to come back, which would hang /metrics with it: past the
   * bound a scrape gets the last values read (and a warning), so the other series still answer.
   */
  private async boundedStats(queue: SendQueue, timeoutMs = 2_000): Promise<QueueStats> {
    let timer: NodeJS.Timeout | undefined;
    const read = queue.stats().then((stats) => {
      this.lastStats = stats;
      return stats;
    });
    try {
      const stats = await Promise.race([
        read,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), timeoutMs);
        }),
      ]);
      if (stats) return stats;
    } catch {
      // Redis refused: same as no answer.
    } finally {
      clearTimeout(timer);
    }
    read.catch(() => {});
    this.logger.warn('Redis did not answer a metrics read in time; queue metrics are the last read');
    if (this.lastStats) return this.lastStats;
    throw new Error(`Redis did not answer within ${timeoutMs} ms`);
  }

  /** A report by id, from any process; `unavailable` when Redis does not answer within the bound. */
  async report(id: string, timeoutMs = 5_000): Promise<QueueReport | undefined | 'unavailable'> {
    const queue = this.sendQueue;
    if (!queue) return 'unavailable';
    let timer: NodeJS.Timeout | undefined;
    try {
      // The queue's client waits for Redis to come back (BullMQ needs that): bound the read here.
      const reading = queue.report(id);
      // Whichever loses the race is read by nobody: a late failure must not go unhandled.
      reading.catch(() => undefined);
      return await Promise.race([
        reading,
        new Promise<'unavailable'>((resolve) => {
          timer = setTimeout(() => resolve('unavailable'), timeoutMs);
        }),
      ]);
    } catch {
      return 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  }

  /** After the front ends stop: the worker lets its sends finish, then the stores close. */
  async closeQueue(): Promise<void> {
    for (const stop of this.stopForwarding) stop();
    this.stopForwarding = [];
    await this.sendQueue?.close();
    this.sendQueue = undefined;
  }

  async close(): Promise<void> {
    await this.closeQueue();
    await Promise.allSettled(this.stores.splice(0).map(({ store }) => store.close()));
  }
}

/**
 * GET /ari/messagesend/deliveries/{id} for a queued message, in the shape of the direct path's
 * record (outcome `pending` until final) plus the queue's state, attempts and reason.
 */
export function queuedDeliveryRecord(report: QueueReport) {
  if (!('destination' in report))
    return { message_id: report.id, outcome: 'pending', state: report.state, attempts: report.attempts };
  const final = report.state === 'delivered' || report.state === 'failed' || report.state === 'expired';
  return {
    message_id: report.id,
    destination: report.destination,
    // A stored message waits for its phone to register: still pending for the caller.
    outcome: final ? (report.outcome ?? 'not-sent') : 'pending',
    state: report.state,
    attempts: report.attempts,
    ...(report.reason !== undefined ? { reason: report.reason } : {}),
    ...(report.code !== undefined ? { code: report.code } : {}),
    ...(report.detail !== undefined ? { detail: report.detail } : {}),
    ...(report.storedUntil !== undefined ? { stored_until: new Date(report.storedUntil).toISOString() } : {}),
    ...(final ? { elapsed_ms: report.finishedAt - report.enqueuedAt } : {}),
  };
}
