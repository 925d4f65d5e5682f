import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SendPayload } from './payload.js';

export interface StoredMessage {
  id: string;
  payload: SendPayload;
  expiresAt: number;
}

/** What the sender made of one stored message: sent (or finally refused), or keep it for later. */
export type FlushStep = 'done' | 'keep';

const LOCK_MS = 60_000;

/**
 * Messages kept for a phone with no registered contact (Kamailio's msilo), one sorted set per
 * destination in enqueue order. A flush sends the head, and removes it only after its report, so
 * a crash in between sends it again with the same identity rather than losing it; a lock makes one
 * process flush a destination at a time, so the phone gets them in order.
 */
export class StoredMessages {
  constructor(
    private readonly redis: Redis,
    private readonly queueName: string,
  ) {}

  private listKey(destination: string): string {
    return `ms:${this.queueName}:stored:${destination}`;
  }

  private get indexKey(): string {
    return `ms:${this.queueName}:stored`;
  }

  async push(destination: string, message: StoredMessage): Promise<void> {
    const key = this.listKey(destination);
    await this.redis
      .multi()
      // Scored by enqueue order, not by when a worker got to it: workers run in parallel.
      .zadd(key, message.payload.order ?? message.payload.enqueuedAt, JSON.stringify(message))
      .pexpireat(key, message.expiresAt, 'GT')
      // A list without a TTL yet gets this one (GT does not set a missing TTL).
      .pexpireat(key, message.expiresAt, 'NX')
      .sadd(this.indexKey, destination)
      .exec();
  }

  async count(): Promise<number> {
    const destinations = await this.redis.smembers(this.indexKey);
    if (destinations.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const destination of destinations) pipeline.zcard(this.listKey(destination));
    const lengths = (await pipeline.exec()) ?? [];
    return lengths.reduce((sum, [, length]) => sum + Number(length ?? 0), 0);
  }

  /** Sends the stored messages of `destination` in order; returns how many left the store. */
  async flush(
    destination: string,
    send: (message: StoredMessage) => Promise<FlushStep>,
    expired: (message: StoredMessage) => Promise<void>,
  ): Promise<number> {
    const key = this.listKey(destination);
    const lockKey = `${key}:lock`;
    const token = randomBytes(8).toString('hex');
    if ((await this.redis.set(lockKey, token, 'PX', LOCK_MS, 'NX')) !== 'OK') return 0;
    let done = 0;
    try {
      for (;;) {
        const [head] = await this.redis.zrange(key, '0', '0');
        if (head === undefined) break;
        const message = parseStored(head);
        if (message === undefined || message.expiresAt <= Date.now()) {
          if (message) await expired(message);
        } else if ((await send(message)) === 'keep') break;
        await this.redis.zrem(key, head);
        await this.redis.pexpire(lockKey, LOCK_MS);
        done++;
      }
      if ((await this.redis.zcard(key)) === 0) await this.redis.srem(this.indexKey, destination);
    } finally {
      // Released only if still ours (it may have expired and been taken by another process).
      await this.redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
        1,
        lockKey,
        token,
      );
    }
    return done;
  }
}

function parseStored(text: string): StoredMessage | undefined {
  try {
    const value = JSON.parse(text) as StoredMessage;
    return typeof value.id === 'string' && typeof value.expiresAt === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
