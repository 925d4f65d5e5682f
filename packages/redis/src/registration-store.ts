import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type Binding, MemoryRegistrationStore, type RegistrationStore } from '@messagesend/sip-ua';
import type { Redis } from 'ioredis';
import { connectRedis, type RedisConnection } from './connection.js';

export interface RedisRegistrationStoreOptions {
  connection: RedisConnection;
  /** Stores with the same name on one Redis share their registrations (default "messagesend"). */
  name?: string;
  /** Bound for the first connection (default 5 000 ms), then ERR_MSG_REDIS_UNREACHABLE. */
  connectTimeoutMs?: number;
  /** A full reload from Redis this often (default 30 000 ms), in case a published change was missed. */
  resyncMs?: number;
}

/** A change of one key's bindings, made on this process (`local`) or on another one. */
export interface RegistrationChange {
  key: string;
  bindings: Binding[];
  local: boolean;
}

interface Published {
  origin: string;
  key: string;
  bindings: Binding[];
}

/**
 * Registrations shared by every process on one Redis. The technologies read bindings
 * synchronously while routing, so each process keeps a local mirror: a REGISTER writes the mirror
 * at once, then Redis (the key expires with its last binding) and a pub/sub message that updates
 * every other mirror within a round trip. A reconnect, and a timer, reload the whole mirror.
 *
 * Events: `change` (RegistrationChange), `registered` (key, on the process that took the REGISTER,
 * when the key has bindings after it), `error` (a write that Redis refused; the mirror keeps it).
 */
export class RedisRegistrationStore extends EventEmitter implements RegistrationStore {
  private readonly mirror = new MemoryRegistrationStore();
  private readonly origin = randomBytes(8).toString('hex');
  private timer: NodeJS.Timeout | undefined;
  /** Keys whose last write Redis did not take: written again first, and kept by a resync. */
  private readonly unsaved = new Set<string>();

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly name: string,
  ) {
    super();
  }

  static async open(options: RedisRegistrationStoreOptions): Promise<RedisRegistrationStore> {
    const timeoutMs = options.connectTimeoutMs ?? 5_000;
    const redis = await connectRedis(options.connection, { timeoutMs });
    let subscriber: Redis;
    try {
      subscriber = await connectRedis(options.connection, { timeoutMs, blocking: true });
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    const store = new RedisRegistrationStore(redis, subscriber, options.name ?? 'messagesend');
    await store.start(options.resyncMs ?? 30_000);
    return store;
  }

  private get channel(): string {
    return `ms:${this.name}:registrations`;
  }

  private key(key: string): string {
    return `ms:${this.name}:reg:${key}`;
  }

  private async start(resyncMs: number): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.applyRemote(text);
    });
    await this.subscriber.subscribe(this.channel);
    // After a reconnect ioredis subscribes again; what was published meanwhile is reloaded.
    this.subscriber.on('ready', () => void this.resync().catch(() => {}));
    await this.resync();
    this.timer = setInterval(() => void this.resync().catch(() => {}), resyncMs);
    this.timer.unref();
  }

  private applyRemote(text: string): void {
    let change: Published;
    try {
      change = JSON.parse(text) as Published;
    } catch {
      return; // not ours: someone else published on the channel
    }
    if (change?.origin === this.origin || typeof change?.key !== 'string' || !validBindings(change.bindings))
      return;
    this.mirror.replace(change.key, change.bindings);
    this.emit('change', {
      key: change.key,
      bindings: change.bindings,
      local: false,
    } satisfies RegistrationChange);
  }

  /** Reloads every key from Redis (keys Redis expired are gone from the mirror too). */
  async resync(): Promise<void> {
    for (const key of [...this.unsaved]) await this.write(key, this.mirror.bindings(key));
    const prefix = this.key('');
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      keys.forEach((redisKey, index) => {
        const text = values[index];
        if (text === null || text === undefined) return;
        const key = redisKey.slice(prefix.length);
        if (this.unsaved.has(key)) return;
        seen.add(key);
        try {
          const bindings: unknown = JSON.parse(text);
          if (validBindings(bindings)) this.mirror.replace(key, bindings);
        } catch {
          // a value that is not ours is left alone
        }
      });
    } while (cursor !== '0');
    for (const key of this.mirror.keys())
      if (!seen.has(key) && !this.unsaved.has(key)) this.mirror.replace(key, []);
  }

  bindings(key: string, now = Date.now()): Binding[] {
    return this.mirror.bindings(key, now);
  }

  size(now = Date.now()): number {
    return this.mirror.size(now);
  }

  replace(key: string, bindings: Binding[]): void {
    this.mirror.replace(key, bindings);
    const change: RegistrationChange = { key, bindings, local: true };
    this.emit('change', change);
    if (bindings.length > 0) this.emit('registered', key);
    this.unsaved.add(key);
    void this.write(key, bindings).catch((error: unknown) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
  }

  private async write(key: string, bindings: Binding[]): Promise<void> {
    const published = JSON.stringify({ origin: this.origin, key, bindings } satisfies Published);
    const multi = this.redis.multi();
    if (bindings.length === 0) multi.del(this.key(key));
    else {
      const last = Math.max(...bindings.map((b) => b.expiresAt));
      // The key expires with its last binding: a crashed registrar leaves nothing stale behind.
      multi.set(this.key(key), JSON.stringify(bindings), 'PXAT', last);
    }
    multi.publish(this.channel, published);
    await multi.exec();
    // A newer replace() of the same key may be in flight; it removes the mark when it lands.
    if (JSON.stringify(this.mirror.bindings(key)) === JSON.stringify(bindings)) this.unsaved.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.redis.disconnect();
    this.subscriber.disconnect();
  }
}

/** Anyone who can write to Redis can publish: only well-formed bindings reach the mirror. */
function validBindings(value: unknown): value is Binding[] {
  return (
    Array.isArray(value) &&
    value.every(
      (b: Partial<Binding> | null) =>
        typeof b === 'object' &&
        b !== null &&
        typeof b.contact === 'string' &&
        typeof b.expiresAt === 'number' &&
        typeof b.callId === 'string' &&
        typeof b.cseq === 'number' &&
        typeof b.registeredAt === 'number',
    )
  );
}
