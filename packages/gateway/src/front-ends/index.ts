import type { Router } from '@messagesend/core';
import type { Logger } from 'pino';
import type { Metrics } from '../service/metrics.js';

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
}

/**
 * Starts the front ends whose config is present. AMI's wiring lives in ./ami.ts, which needs the
 * AMI server (src/ami/, built separately); until it is merged, manager.conf is reported as unread.
 */
export async function startFrontEnds(
  input: FrontEndInput,
): Promise<{ frontEnds: FrontEnd[]; ami?: { address: string; port: number } }> {
  if (input.managerConf) {
    const warning = `${input.managerConf.fileName}: AMI is not built into this gateway yet: manager.conf not read`;
    input.warnings.push(warning);
    input.logger.warn(warning);
  }
  return { frontEnds: [] };
}
