import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, on a registry of its own (several gateways per process stay apart). */
export function createMetrics(onlineEndpoints: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'messagesend_' });
  const sends = new Counter({
    name: 'messagesend_sends_total',
    help: 'Sends by technology and status (SUCCESS, FAILURE, INVALID_PROTOCOL, INVALID_URI)',
    labelNames: ['tech', 'status'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'messagesend_deliveries_total',
    help: 'Delivery reports by technology and outcome',
    labelNames: ['tech', 'outcome'] as const,
    registers: [registry],
  });
  const inbound = new Counter({
    name: 'messagesend_inbound_total',
    help: 'Inbound messages by technology and disposition (ari, handler, declined)',
    labelNames: ['tech', 'disposition'] as const,
    registers: [registry],
  });
  const sendSeconds = new Histogram({
    name: 'messagesend_send_duration_seconds',
    help: 'Time from a send request to its send status',
    labelNames: ['tech'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 32],
    registers: [registry],
  });
  new Gauge({
    name: 'messagesend_registered_endpoints',
    help: 'Configured endpoints that are online (a registered or static contact)',
    registers: [registry],
    collect() {
      this.set(onlineEndpoints());
    },
  });
  return { registry, sends, deliveries, inbound, sendSeconds };
}

export type Metrics = ReturnType<typeof createMetrics>;
