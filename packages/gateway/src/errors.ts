/** Stable codes of the gateway's errors (listed in docs/errors.md). */
export const GatewayErrorCode = {
  /** http.conf cannot be read as Asterisk reads it. */
  HttpConfig: 'GATEWAY_HTTP_CONFIG',
  /** ari.conf cannot be read as Asterisk reads it. */
  AriConfig: 'GATEWAY_ARI_CONFIG',
  /** A technology's .conf file failed to load; the others still serve. */
  TechLoad: 'GATEWAY_TECH_LOAD',
  /** A listener could not be bound. */
  Listen: 'GATEWAY_LISTEN',
  /** createGateway was given neither a config folder nor configs. */
  Options: 'GATEWAY_OPTIONS',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/** Codes carried in ARI error bodies and logs (the HTTP status is Asterisk's). */
export const AriErrorCode = {
  /** No or wrong credentials: 401. */
  Unauthorized: 'ARI_UNAUTHORIZED',
  /** A read_only user tried PUT/POST/DELETE: 403. */
  ReadOnly: 'ARI_READ_ONLY',
  /** A request's parameters or body are not what the operation takes: 400. */
  BadRequest: 'ARI_BAD_REQUEST',
  /** Unknown endpoint, technology or application: 404. */
  NotFound: 'ARI_NOT_FOUND',
  /** A technology refused or failed the send: 404, as Asterisk. */
  SendFailed: 'ARI_SEND_FAILED',
  /** The request body is larger than the limit: 413. */
  BodyTooLarge: 'ARI_BODY_TOO_LARGE',
  /** The origin is not in allowed_origins: 403. */
  Origin: 'ARI_ORIGIN',
  /** No such delivery report (unknown or expired message id): 404. */
  UnknownMessageId: 'ARI_UNKNOWN_MESSAGE_ID',
  /** A fault of ours: 500, logged. */
  Internal: 'ARI_INTERNAL',
  /** The gateway is shutting down: 503. */
  ShuttingDown: 'ARI_SHUTTING_DOWN',
  /** With Redis: the send queue refused the message (400 bad or too large, 503 full or Redis away). */
  QueueRefused: 'ARI_QUEUE_REFUSED',
} as const;
export type AriErrorCode = (typeof AriErrorCode)[keyof typeof AriErrorCode];
