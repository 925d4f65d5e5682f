import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createInflight,
  createRouter,
  type InboundHandler,
  type MessageTech,
  MsgError,
  type Router,
} from '@messagesend/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Applications } from './ari/applications.js';
import type { AriContext } from './ari/context.js';
import { Deliveries } from './ari/deliveries.js';
import { EndpointCatalog } from './ari/endpoint-catalog.js';
import { ariInboundHandler } from './ari/inbound.js';
import { registerAri } from './ari/routes.js';
import { ARI_OFF, type AriConfig, readAriConf } from './config/ari-conf.js';
import { HTTP_OFF, type HttpConfig, readHttpConf } from './config/http-conf.js';
import { loadTechs, type TechLoadFailure } from './config/load-techs.js';
import { GatewayErrorCode } from './errors.js';
import { type DialplanFrontEnd, startDialplan } from './front-ends/dialplan.js';
import { type FrontEnd, startFrontEnds } from './front-ends/index.js';
import { GatewayRedis, type GatewayRedisOptions } from './front-ends/redis.js';
import { createLogger } from './logger.js';
import { registerHealth } from './service/health.js';
import { createHttpServer } from './service/http-server.js';
import { createMetrics } from './service/metrics.js';
import { shutdownDeadline } from './service/shutdown-deadline.js';

/** How long close() lets in-flight sends settle before the router settles them (default 5 s). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;

/**
 * What the ARI handlers get at the end even when the grace is used up: their sends are settled by
 * then, so answering takes a turn or two, and a client should get its answer rather than a reset.
 */
const ARI_ANSWER_FLOOR_MS = 200;

export interface GatewayConfigs {
  http?: HttpConfig;
  ari?: AriConfig;
  /** Technologies to serve when no router is given. */
  techs?: MessageTech<unknown>[];
  /** manager.conf text, read by the AMI front end (off when absent). */
  managerConf?: { text: string; fileName: string };
}

export type GatewayOptions = (
  | { configDir: string; configs?: undefined }
  | { configs: GatewayConfigs; router?: Router; configDir?: undefined }
) & {
  logger?: Logger;
  /**
   * Inbound handlers asked before ARI, in order (the message dialplan's hook). As in Asterisk,
   * every handler that does not return false gets the message, and ARI applications too; only when
   * none takes it are the router's other onMessage handlers asked.
   */
  inbound?: InboundHandler[];
  shutdownGraceMs?: number;
  version?: string;
  /** Registrations and sends shared on Redis (docs/redis.md); absent: everything in memory. */
  redis?: GatewayRedisOptions;
};

export interface GatewayAddresses {
  http?: { address: string; port: number };
  https?: { address: string; port: number };
  ami?: { address: string; port: number };
}

export interface Gateway {
  readonly router: Router;
  readonly http: HttpConfig;
  readonly ari: AriConfig;
  /** Warnings of every file read (file:line, never a secret). */
  readonly warnings: readonly string[];
  /** Technologies whose file failed to load; the others serve. */
  readonly failures: readonly TechLoadFailure[];
  start(): Promise<GatewayAddresses>;
  /** Stops accepting, lets in-flight sends settle within the grace, closes every technology. */
  close(): Promise<void>;
}

function readOptional<T>(
  dir: string,
  file: string,
  read: (text: string, name: string) => { config: T; warnings: string[] },
  off: T,
) {
  const path = join(dir, file);
  if (!existsSync(path)) return { config: off, warnings: [] };
  return read(readFileSync(path, 'utf8'), path);
}

/** A messaging gateway from an Asterisk config folder (or typed configs and a router). */
export function createGateway(options: GatewayOptions): Gateway {
  const logger = options.logger ?? createLogger();
  const warnings: string[] = [];
  let failures: TechLoadFailure[] = [];
  let http: HttpConfig;
  let ari: AriConfig;
  let router: Router;
  let managerConf: GatewayConfigs['managerConf'];
  const redis = options.redis && new GatewayRedis(options.redis, logger.child({ part: 'redis' }));
  let dialplan: DialplanFrontEnd | undefined;
  if (options.configDir !== undefined) {
    const dir = options.configDir;
    if (!existsSync(dir)) throw new MsgError(GatewayErrorCode.Options, `config folder ${dir} does not exist`);
    const httpRead = readOptional(dir, 'http.conf', readHttpConf, HTTP_OFF);
    const ariRead = readOptional(dir, 'ari.conf', readAriConf, ARI_OFF);
    warnings.push(...httpRead.warnings, ...ariRead.warnings);
    http = httpRead.config;
    ari = ariRead.config;
    const loaded = loadTechs(dir, logger, (tech) => redis?.registrationsFor(tech));
    failures = loaded.failures;
    router = createRouter({ techs: loaded.techs, logger: logger.child({ part: 'router' }) });
    const managerPath = join(dir, 'manager.conf');
    if (existsSync(managerPath))
      managerConf = { text: readFileSync(managerPath, 'utf8'), fileName: managerPath };
    dialplan = startDialplan({ dir, router, logger, warnings });
  } else if (options.configs !== undefined) {
    http = options.configs.http ?? HTTP_OFF;
    ari = options.configs.ari ?? ARI_OFF;
    router =
      options.router ??
      createRouter({ techs: options.configs.techs ?? [], logger: logger.child({ part: 'router' }) });
    managerConf = options.configs.managerConf;
  } else {
    throw new MsgError(GatewayErrorCode.Options, 'createGateway needs { configDir } or { configs }');
  }
  for (const warning of warnings) logger.warn(warning);

  const techs = router.names().flatMap((name) => {
    const tech = router.get(name);
    return tech ? [tech] : [];
  });
  const catalog = new EndpointCatalog(techs);
  const metrics = createMetrics(() => catalog.onlineCount());
  const applications = new Applications();
  const inflight = createInflight();
  let closing: Promise<void> | undefined;
  let ready = false;
  const context: AriContext = {
    config: ari,
    router,
    catalog,
    applications,
    deliveries: new Deliveries(),
    ...(redis ? { redis } : {}),
    metrics,
    logger: logger.child({ part: 'ari' }),
    version: options.version ?? '0',
    entityId: randomUUID(),
    startedAt: new Date().toISOString(),
    closing: () => closing !== undefined,
    track: (work) => {
      inflight.add(work);
      return work;
    },
  };

  // Inbound, as main/message.c routes it: every handler that wants the message gets it (the hook
  // handlers, i.e. the message dialplan, then ARI applications); if none takes it, the router's
  // other onMessage handlers are asked, and then the technology answers "not found".
  const ariHandler = ariInboundHandler(context);
  const hooks = [...(dialplan ? [dialplan.hook] : []), ...(options.inbound ?? [])];
  router.onMessage(async (message) => {
    let taken = false;
    for (const hook of hooks) {
      if ((await hook(message)) !== false) {
        metrics.inbound.inc({ tech: message.tech, disposition: 'handler' });
        taken = true;
      }
    }
    if ((await ariHandler(message)) !== false) taken = true;
    return taken;
  });

  const servers: FastifyInstance[] = [];
  let frontEnds: FrontEnd[] = [];

  async function serve(tls: boolean): Promise<{ address: string; port: number }> {
    const app = await createHttpServer(http, logger.child({ part: 'http' }), tls);
    servers.push(app);
    registerHealth(app, http.prefix, { ready: () => ready && !closing, metrics });
    if (ari.enabled)
      await app.register((scope) => registerAri(scope, context, `${http.prefix}/ari`), {
        prefix: `${http.prefix}/ari`,
      });
    const host = tls && http.tls ? http.tls.bindAddr : http.bindAddr;
    const port = tls && http.tls ? http.tls.port : http.bindPort;
    try {
      await app.listen({ host, port });
    } catch (error) {
      throw new MsgError(
        GatewayErrorCode.Listen,
        `cannot listen on ${host}:${port}: ${(error as Error).message}`,
      );
    }
    const bound = app.server.address();
    return typeof bound === 'object' && bound
      ? { address: bound.address, port: bound.port }
      : { address: host, port };
  }

  return {
    router,
    http,
    ari,
    warnings,
    failures,
    async start() {
      // Before the transports listen: the first REGISTER already lands in the shared store.
      await redis?.open(router, metrics.registry);
      await router.start();
      // Counts what nobody took (registered last, after any router.onMessage handler of the caller's).
      router.onMessage((message) => {
        metrics.inbound.inc({ tech: message.tech, disposition: 'declined' });
        return false;
      });
      const addresses: GatewayAddresses = {};
      if (http.enabled) {
        addresses.http = await serve(false);
        if (http.tls) addresses.https = await serve(true);
      }
      const started = await startFrontEnds({
        managerConf,
        router,
        logger,
        warnings,
        metrics,
        ...(redis ? { redis } : {}),
      });
      frontEnds = started.frontEnds;
      if (started.ami) addresses.ami = started.ami;
      ready = true;
      logger.info({ addresses, techs: router.names(), ari: ari.enabled && http.enabled }, 'gateway started');
      return addresses;
    },
    close() {
      closing ??= (async () => {
        // From here sends are refused (503) and readiness fails; the sockets stay open while the
        // in-flight sends settle, so their delivery events still reach subscribed applications.
        ready = false;
        logger.info('gateway stopping');
        // One bound for every step below, so the whole shutdown takes about the grace, not a multiple.
        const grace = shutdownDeadline(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
        await Promise.allSettled(frontEnds.map((frontEnd) => frontEnd.close()));
        // The worker takes no new job; one cut short by the router's close is retried elsewhere.
        const queueClosed = redis?.closeQueue();
        // The dialplan's runs (they send through the router) end before the technologies close.
        await dialplan?.close(grace.remainingMs());
        await router.close({ graceMs: grace.remainingMs() });
        await queueClosed;
        await redis?.close();
        // Router close settled every send; the ARI handlers then answer within what is left.
        await inflight.drain(Math.max(grace.remainingMs(), ARI_ANSWER_FLOOR_MS));
        applications.closeAll();
        await Promise.allSettled(servers.map((server) => server.close()));
        logger.info('gateway stopped');
      })();
      return closing;
    },
  };
}
