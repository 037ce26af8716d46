import { err, type Result } from '../result.js';
import type { Route } from './server.js';
import { sendJson } from './respond.js';

/**
 * `GET /healthz`: the process is up (liveness). `GET /readyz`: the store answers (readiness), so a load balancer
 * stops sending alerts to a replica that could not store them.
 */
export function healthRoutes(ready: () => Promise<Result<void, string>>): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const state = await ready().catch((error: unknown) => err(String(error)));
        if (state.ok) sendJson(res, 200, { status: 'ready' });
        else sendJson(res, 503, { status: 'unavailable', reason: state.error });
      },
    },
  ];
}
