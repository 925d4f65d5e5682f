import { type Router, type SendOptions, SendStatus, toLogger } from '@messagesend/core';
import type { Logger } from 'pino';
import { createAmiServer, readManagerConf } from '../ami/index.js';
import type { Metrics } from '../service/metrics.js';
import type { GatewayRedis } from './redis.js';

/**
 * The AMI front end from manager.conf: off when the file is missing or says enabled=no, as in
 * Asterisk. MessageSend goes through the same router as ARI (and is counted the same way).
 */
export async function startAmi(input: {
  managerConf: { text: string; fileName: string };
  router: Router;
  logger: Logger;
  warnings: string[];
  metrics?: Metrics;
  redis?: GatewayRedis;
}): Promise<{ close(): Promise<void>; address: { address: string; port: number } } | undefined> {
  const { config, warnings } = readManagerConf(input.managerConf.text, input.managerConf.fileName);
  for (const warning of warnings) input.logger.warn(warning);
  input.warnings.push(...warnings);
  if (!config) return undefined;
  const logger = input.logger.child({ part: 'ami' });
  const server = createAmiServer({
    config,
    logger: toLogger(logger),
    send: async (destination, message) => {
      if (input.redis) {
        // Accepted by the queue is MessageSend's Success: the worker of any gateway sends it.
        const queued = await input.redis.enqueue(
          input.router,
          destination,
          { body: message.body, ...(message.data ? { data: message.data } : {}) },
          fromAndTo(message),
        );
        return queued.ok
          ? { status: SendStatus.Success }
          : { status: SendStatus.Failure, reason: queued.reason };
      }
      const started = performance.now();
      const result = await input.router.send(
        destination,
        { body: message.body, ...(message.data ? { data: message.data } : {}) },
        fromAndTo(message),
      );
      const tech = result.tech ?? destination.split(':')[0]?.toLowerCase() ?? '';
      input.metrics?.sends.inc({ tech, status: result.status });
      input.metrics?.sendSeconds.observe({ tech }, (performance.now() - started) / 1000);
      if (result.status === 'SUCCESS')
        void result.delivery.then((report) =>
          input.metrics?.deliveries.inc({ tech, outcome: report.outcome }),
        );
      return { status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
    },
  });
  const address = await server.start();
  return { close: () => server.close(), address };
}

/**
 * MessageSend's from and to, those given: added to one object, not spread from temporary ones
 * (on Node 20 that gave each request's options a hidden class of its own).
 */
function fromAndTo(message: { from?: string | undefined; to?: string | undefined }): SendOptions {
  const options: SendOptions = {};
  if (message.from) options.from = message.from;
  if (message.to) options.to = message.to;
  return options;
}
