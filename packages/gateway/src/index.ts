// @messagesend/gateway: `messagesend serve`, the long-running gateway (ARI, AMI, metrics).

export { RedisErrorCode } from '@messagesend/redis';
export * from './ami/index.js';
export { type AriEndpoint, EndpointCatalog } from './ari/endpoint-catalog.js';
export { ARI_API_VERSION } from './ari/swagger.js';
export { type AriConfig, type AriUser, readAriConf } from './config/ari-conf.js';
export { type HttpConfig, readHttpConf } from './config/http-conf.js';
export type { TechLoadFailure } from './config/load-techs.js';
export { AriErrorCode, GatewayErrorCode } from './errors.js';
export { type GatewayRedisOptions, redactRedisUrl } from './front-ends/redis.js';
export {
  createGateway,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type Gateway,
  type GatewayAddresses,
  type GatewayConfigs,
  type GatewayOptions,
} from './gateway.js';
export { createLogger, type LogLevel } from './logger.js';
