import type { Metrics } from '../metrics.js';
import type { Route } from './server.js';

/** `GET /metrics` in Prometheus text format; `refresh` updates gauges (queue depth) just before the scrape. */
export function metricsRoute(metrics: Metrics, refresh: () => Promise<void>): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handler: async (_req, res) => {
      await refresh().catch(() => undefined);
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(text);
    },
  };
}
