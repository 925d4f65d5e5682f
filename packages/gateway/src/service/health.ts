import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

/**
 * Liveness (`/livez`: the process answers), readiness (`/readyz`: started and not stopping) and
 * `/metrics` (Prometheus). Outside ARI's auth: they carry counts, never a message or a secret.
 */
export function registerHealth(
  app: FastifyInstance,
  prefix: string,
  state: { ready(): boolean; metrics: Metrics },
): void {
  app.get(`${prefix}/livez`, async () => ({ status: 'ok' }));
  app.get(`${prefix}/readyz`, async (_request, reply) =>
    state.ready() ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' }),
  );
  app.get(`${prefix}/metrics`, async (_request, reply) => {
    reply.header('Content-Type', state.metrics.registry.contentType);
    return state.metrics.registry.metrics();
  });
}
