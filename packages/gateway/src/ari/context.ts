import type { Router } from '@messagesend/core';
import type { Logger } from 'pino';
import type { AriConfig } from '../config/ari-conf.js';
import type { GatewayRedis } from '../front-ends/redis.js';
import type { Metrics } from '../service/metrics.js';
import type { Applications } from './applications.js';
import type { Deliveries } from './deliveries.js';
import type { EndpointCatalog } from './endpoint-catalog.js';

/** What the ARI routes share: one per gateway. */
export interface AriContext {
  config: AriConfig;
  router: Router;
  catalog: EndpointCatalog;
  applications: Applications;
  deliveries: Deliveries;
  /** Set with Redis: sends go through its queue, and delivery reports come from it. */
  redis?: GatewayRedis;
  metrics: Metrics;
  logger: Logger;
  version: string;
  entityId: string;
  startedAt: string;
  /** True once close() began: sends are refused with 503. */
  closing(): boolean;
  /** Counts a send in flight until it settles (shutdown waits for them). */
  track<T>(work: Promise<T>): Promise<T>;
}

/** Asterisk's event timestamp form: `2024-05-01T10:00:00.000+0000`. */
export function ariTimestamp(date = new Date()): string {
  return date.toISOString().replace('Z', '+0000');
}
