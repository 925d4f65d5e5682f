import type { Router } from '@messagesend/core';
import type { Logger } from 'pino';
import type { Metrics } from '../service/metrics.js';
import { startAmi } from './ami.js';
import type { GatewayRedis } from './redis.js';

/** A network front end besides HTTP (AMI). */
export interface FrontEnd {
  close(): Promise<void>;
}

export interface FrontEndInput {
  managerConf: { text: string; fileName: string } | undefined;
  router: Router;
  logger: Logger;
  warnings: string[];
  metrics?: Metrics;
  /** With Redis, AMI MessageSend goes through its queue. */
  redis?: GatewayRedis;
}

/** Starts the front ends whose config is present and enabled (AMI from manager.conf). */
export async function startFrontEnds(
  input: FrontEndInput,
): Promise<{ frontEnds: FrontEnd[]; ami?: { address: string; port: number } }> {
  if (!input.managerConf) return { frontEnds: [] };
  const ami = await startAmi({ ...input, managerConf: input.managerConf });
  return ami ? { frontEnds: [ami], ami: ami.address } : { frontEnds: [] };
}
