/** Bounds on what inbound traffic may cost (startSipStack's `limits`); defaults in DEFAULT_LIMITS. */
export interface InboundLimits {
  /** A TCP/TLS connection that sends nothing for this long is closed. */
  idleTimeoutMs: number;
  /** Largest message (head + body) read from any transport; a larger request is answered 413. */
  maxMessageBytes: number;
  /** Accepted TCP/TLS connections open at once, all sources together. */
  maxConnections: number;
  /** Accepted TCP/TLS connections open at once from one IP address. */
  maxConnectionsPerSource: number;
  /** Requests per second one IP address may send (token bucket refill rate); beyond it they are dropped. */
  requestsPerSecond: number;
  /** Requests one IP address may send in a burst (token bucket size). */
  requestBurst: number;
  /** Requests being handled at once; beyond it new requests are answered 503 with Retry-After. */
  maxPendingRequests: number;
}

export const DEFAULT_LIMITS: Readonly<InboundLimits> = {
  idleTimeoutMs: 60_000,
  maxMessageBytes: 64 * 1024,
  maxConnections: 1024,
  maxConnectionsPerSource: 64,
  requestsPerSecond: 1000,
  requestBurst: 2000,
  maxPendingRequests: 1000,
};
