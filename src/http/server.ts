import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import { sendError } from './respond.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface Route {
  readonly method: string;
  /** An exact path, or a prefix ending in `*`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

export interface HttpServer {
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /**
   * Graceful shutdown: stop accepting connections, let in-flight requests finish (up to `graceMs`), then close
   * idle and remaining connections.
   */
  close(graceMs?: number): Promise<void>;
  readonly inFlight: () => number;
}

function matches(route: Route, method: string, path: string): boolean {
  if (route.method !== method) return false;
  if (route.path.endsWith('*')) return path.startsWith(route.path.slice(0, -1));
  return route.path === path;
}

export interface HttpServerOptions {
  /** Added to the 404 message: what this server is for and where the rest is served (the split ports). */
  readonly notFoundHint?: string;
}

/**
 * A node:http server for the given routes: intake, Slack (Bolt's request listener is mounted as a route), GitHub
 * webhooks, health and metrics, all on one port or split between a public and an internal one (src/app). Unknown
 * paths get a JSON 404, wrong methods a 405.
 */
export function createHttpServer(
  routes: readonly Route[],
  logger: Logger,
  options: HttpServerOptions = {},
): HttpServer {
  const notFoundHint = options.notFoundHint === undefined ? '' : ` ${options.notFoundHint}`;
  let active = 0;
  let idle: (() => void) | undefined;

  const server: Server = createServer((req, res) => {
    active += 1;
    res.on('close', () => {
      active -= 1;
      if (active === 0) idle?.();
    });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const route = routes.find((candidate) => matches(candidate, method, url.pathname));
    if (route === undefined) {
      const allowed = routes.filter((candidate) => matches({ ...candidate, method }, method, url.pathname));
      if (allowed.length > 0) {
        sendError(
          res,
          405,
          'method_not_allowed',
          `Use ${allowed.map((r) => r.method).join(' or ')} for ${url.pathname}.`,
          {},
        );
        return;
      }
      sendError(res, 404, 'not_found', `Nothing is served at ${url.pathname}.${notFoundHint}`);
      return;
    }
    Promise.resolve(route.handler(req, res, url)).catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, 'request handler failed');
      if (!res.headersSent)
        sendError(res, 500, 'internal', 'The request failed inside falco-triage; see its logs.');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    inFlight: () => active,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: async (graceMs = 10_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            idle = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
