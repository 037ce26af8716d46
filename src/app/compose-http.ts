/**
 * The bot's HTTP surface (part of the composition root): which routes are public and which internal, and the one or
 * two servers that serve them.
 *
 * Public: what Slack and GitHub must reach from the internet, `POST /slack/events` and `POST /github/webhook`.
 * Internal: what stays inside the cluster: intake (`/falco/alerts`, `/`, `/test`: Falco and Falcosidekick run
 * beside the bot), `/healthz`, `/readyz` and `/metrics`. Without INTERNAL_PORT one port serves both sets, as before
 * the split. With it, each port serves only its own set and answers anything else 404, so a chart can expose the
 * public port through an ingress and keep the internal one to the cluster (docs/configuration.md).
 */
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import { githubWebhookRoute } from '../http/github-webhook-route.js';
import { healthRoutes } from '../http/health-routes.js';
import { intakeRoutes } from '../http/intake-routes.js';
import { metricsRoute } from '../http/metrics-route.js';
import { createHttpServer, type HttpServer, type Route, type RouteHandler } from '../http/server.js';
import { parseWebhook } from '../github/index.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/index.js';
import type { Intake } from '../triage/alerts/index.js';
import type { Clock } from '../triage/ports/index.js';
import type { RepositoryEvent } from '../triage/rollout/index.js';
import { storeReadiness } from './compose-store.js';

export interface BotRoutes {
  /** Slack and GitHub: the only routes of the public port once the ports are split. */
  readonly public: readonly Route[];
  /** Intake, health and metrics. */
  readonly internal: readonly Route[];
}

export interface BotRouteDeps {
  readonly config: Config;
  readonly store: Store;
  readonly metrics: Metrics;
  /** Brings the gauges up to date before a scrape (compose-metrics.ts). */
  readonly refreshMetrics: () => Promise<void>;
  readonly intake: Intake;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Bolt's listener for `POST /slack/events`; undefined in Socket Mode. */
  readonly slack: RouteHandler | undefined;
  /** Undefined without GitHub: no webhook route. */
  readonly rollout: { handle(event: RepositoryEvent): Promise<unknown> } | undefined;
  /** The targets' repositories (owner/name): deliveries about any other are ignored. */
  readonly repositories: readonly string[];
}

export function botRoutes(deps: BotRouteDeps): BotRoutes {
  const { config, store, metrics, clock, logger } = deps;
  const internal: Route[] = [
    ...healthRoutes(() => storeReadiness(store)),
    metricsRoute(metrics, deps.refreshMetrics),
    ...intakeRoutes({
      intake: deps.intake,
      token: config.ingest.token,
      maxBodyBytes: config.ingest.maxBodyBytes,
      metrics,
      logger,
      hostname: hostname(),
      now: () => clock.now(),
      beforeParse: () => store.db.deliverReplies?.(),
    }),
  ];
  const publicRoutes: Route[] = [];
  if (deps.slack !== undefined)
    publicRoutes.push({ method: 'POST', path: '/slack/events', handler: deps.slack });
  if (deps.rollout !== undefined) {
    const { rollout, repositories } = deps;
    const secret = (config.github ?? config.targets?.github)?.webhookSecret;
    publicRoutes.push(
      githubWebhookRoute({
        parse:
          secret === undefined
            ? undefined
            : (headers, raw) => parseWebhook(headers, raw, secret, { repository: repositories }),
        handle: (event) => rollout.handle(event),
        logger: logger.child({ component: 'github-webhook' }),
      }),
    );
  }
  return { public: publicRoutes, internal };
}

export interface ListeningBot {
  readonly port: number;
  /** Equal to `port` when one port serves everything. */
  readonly internalPort: number;
  /** Stops both servers gracefully (in-flight requests finish). */
  close(): Promise<void>;
}

const PUBLIC_HINT =
  'This is the public port: it serves only Slack (POST /slack/events) and GitHub (POST /github/webhook). ' +
  'Alert intake, health and metrics are on the internal port (INTERNAL_PORT).';
const INTERNAL_HINT =
  'This is the internal port: it serves alert intake, health and metrics. Slack and GitHub are on the public port (PORT).';

/** Listens on PORT alone, or on PORT and INTERNAL_PORT with the routes split between them. */
export async function listenBot(
  config: Pick<Config, 'port' | 'host' | 'internalPort' | 'internalHost'>,
  routes: BotRoutes,
  logger: Logger,
): Promise<ListeningBot> {
  if (config.internalPort === undefined) {
    const server = createHttpServer([...routes.internal, ...routes.public], logger);
    const port = await server.listen(config.port, config.host);
    return { port, internalPort: port, close: () => server.close() };
  }
  const internal = createHttpServer(routes.internal, logger, { notFoundHint: INTERNAL_HINT });
  const internalPort = await internal.listen(config.internalPort, config.internalHost);
  const open = createHttpServer(routes.public, logger, { notFoundHint: PUBLIC_HINT });
  let port: number;
  try {
    port = await open.listen(config.port, config.host);
  } catch (error) {
    await internal.close();
    throw error;
  }
  return { port, internalPort, close: () => closeBoth(open, internal) };
}

async function closeBoth(open: HttpServer, internal: HttpServer): Promise<void> {
  await Promise.all([open.close(), internal.close()]);
}
