import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../engine';

/**
 * `GET /metrics`: the Prometheus text exposition of every `quarry_` metric, for a team's Prometheus
 * (scrape with `authorization: Bearer <token>`). The token check covers this path like `/api/`.
 */
export function registerMetricsRoute(app: FastifyInstance, engine: Engine): void {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await engine.monitor.exposition();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  });
}

/** Who a request acts for in the audit log: a bearer token is an API client, the cookie the browser UI. */
export function actorOf(request: FastifyRequest): string {
  return request.headers.authorization ? 'api-token' : 'browser-session';
}
