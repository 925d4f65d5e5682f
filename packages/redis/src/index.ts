/**
 * Durable delivery and scale-out for messagesend on Redis: a retrying send queue on BullMQ,
 * registrations shared by every process, and store-and-forward for phones that are offline.
 */

export { DEFAULT_READ_TIMEOUT_MS } from './bounded.js';
export { type ConnectOptions, connectRedis, type RedisConnection } from './connection.js';
export { RedisErrorCode, RedisReason } from './errors.js';
export { forwardOnRegister } from './forward-on-register.js';
export { type PromClientLike, type QueueMetricsOptions, registerQueueMetrics } from './metrics.js';
export { decodePayload, type SendPayload, techOf } from './payload.js';
export {
  RedisRegistrationStore,
  type RedisRegistrationStoreOptions,
  type RegistrationChange,
} from './registration-store.js';
export type { FinalReport, FinalState, PendingReport, QueueReport } from './report.js';
export {
  backoffDelay,
  classify,
  DEFAULT_RETRY_POLICY,
  mergePolicy,
  NO_CONTACT_REASON,
  type RetryPolicy,
  type RetryPolicyInput,
  type Verdict,
} from './retry-policy.js';
export {
  createSendQueue,
  type EnqueueOptions,
  type EnqueueResult,
  type SendQueue,
  type SendQueueOptions,
} from './send-queue.js';
export type { QueueCounters, QueueDepth, QueueStats } from './stats.js';
