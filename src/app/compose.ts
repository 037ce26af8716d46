/**
 * The composition root: builds the adapters from the configuration and injects them into the workflow. Wiring
 * only; behaviour lives in the modules it connects. `src/main.ts` calls it with the process's configuration; the
 * end-to-end tests call it with theirs (fake Slack and GitHub URLs, a temporary store).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { createFingerprinter } from '../falco/alert/index.js';
import type { Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { packageVersion } from '../package-version.js';
import { wireExceptions } from './compose-exceptions.js';
import type { Reconciler } from '../triage/rollout/index.js';
import type { GitHubRepoOptions } from '../github/index.js';
import { loadTargets } from './compose-targets.js';
import { targetRef } from '../triage/targets/index.js';
import { createSlackApp } from '../slack/slack-app.js';
import { createSlackChat } from '../slack/slack-chat.js';
import { createSlackClient } from '../slack/slack-client.js';
import { newId } from '../store/index.js';
import type { OpenStoreOptions, Store } from '../store/index.js';
import { wireHome } from './compose-home.js';
import { wireIntake } from './compose-intake.js';
import { wireTriage } from './compose-triage.js';
import { openBotStore } from './compose-store.js';
import { botRoutes, listenBot } from './compose-http.js';
import { metricsRefresh, setBuildInfo } from './compose-metrics.js';
import { openMetricsReporterLock } from '../store/index.js';
import { StartupError } from './startup-error.js';
import { createDeliveryWorker } from '../triage/delivery/index.js';
import { createApproverPolicy } from '../triage/proposals/index.js';
import { createMutes } from '../triage/commands/index.js';
import { statusReport } from '../triage/commands/index.js';
import { requestExplanation } from '../triage/commands/index.js';
import { explainMessage, explainPasted } from '../triage/commands/index.js';
import { createSlackDirectory } from '../slack/slack-directory.js';
import type { Clock } from '../triage/ports/index.js';
import { createRouter } from '../triage/alerts/index.js';
import {
  DEFAULT_MESSAGE_STYLE,
  messageStyleOf,
  parseRoutesFile,
  type RoutesFile,
} from '../triage/alerts/index.js';

export interface BotOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly storeOptions?: OpenStoreOptions;
  /** Delivery worker settings (tests shorten the per-channel pace). */
  readonly delivery?: {
    readonly channelIntervalMs?: number;
    readonly pollMs?: number;
    readonly updateDelayMs?: number;
  };
  /** GitHub client settings (tests turn off throttling and retries). */
  readonly github?: GitHubRepoOptions;
  /** How often proposals past their deadline are expired (default one minute). */
  readonly maintenanceIntervalMs?: number;
}

export interface RunningBot {
  /** The public port (PORT): Slack and GitHub; everything too unless INTERNAL_PORT is set. */
  readonly port: number;
  readonly url: string;
  /** The internal port (INTERNAL_PORT): intake, health and metrics; equal to `port` when not split. */
  readonly internalPort: number;
  readonly internalUrl: string;
  readonly store: Store;
  readonly metrics: Metrics;
  /** The GitHub reconciler (undefined without GitHub): operators' tools and tests pause or run it. */
  readonly reconciler: Reconciler | undefined;
  /** Graceful stop: stop accepting, finish in-flight requests and jobs, close the store. */
  stop(): Promise<void>;
}

/** Where the routes file is explained; its start-up problems point here. */
export const ROUTES_DOCS = 'docs/routing-and-grouping.md';

export { StartupError };

async function loadRoutes(path: string | undefined): Promise<RoutesFile> {
  if (path === undefined) return { routes: [], grouping: [], messageStyle: DEFAULT_MESSAGE_STYLE };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StartupError(`ROUTES_FILE ${path} cannot be read: ${(error as Error).message}`, ROUTES_DOCS);
  }
  const parsed = parseRoutesFile(text);
  if (!parsed.ok) {
    const lines = parsed.error.map(
      (problem) => `  ${path}:${problem.line}:${problem.column}: ${problem.message}`,
    );
    throw new StartupError(`ROUTES_FILE ${path} is invalid:\n${lines.join('\n')}`, ROUTES_DOCS);
  }
  return parsed.value;
}

export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const random = options.random ?? Math.random;
  const metrics = createMetrics({ defaultMetrics: true });
  const routes = await loadRoutes(config.slack.routesFile);
  const fingerprint = createFingerprinter({
    rules: Object.fromEntries(
      routes.grouping.flatMap((rule) => rule.rules.map((name) => [name, rule.fields])),
    ),
  });
  const route = createRouter(routes, config.slack.defaultChannel);
  // Read before the store opens: a wrong targets file or rules path stops the start with nothing to undo.
  const targets = await loadTargets(config, {
    logger,
    clock,
    ...(options.github === undefined ? {} : { github: options.github }),
  });

  const store = await openBotStore(config, {
    logger,
    metrics,
    random,
    ...(options.storeOptions === undefined ? {} : { options: options.storeOptions }),
  });
  setBuildInfo(metrics, store);
  const reporterLock = openMetricsReporterLock(config.store, { schema: options.storeOptions?.schema });
  const { intake, writer, grouping } = wireIntake({
    store,
    clock,
    metrics,
    route,
    fingerprint,
    target: (alert, channels) => targets.match(alert, channels)?.name,
    fingerprintByTarget: !targets.implicit,
    windowMs: config.groupWindowSeconds * 1000,
    updateDelayMs: options.delivery?.updateDelayMs ?? 3000,
    logger,
  });

  const slackClient = createSlackClient({ token: config.slack.botToken, apiUrl: config.slack.apiUrl });
  const chat = createSlackChat(slackClient, () => clock.now().getTime(), {
    reactions: config.triage.reactions,
  });
  const directory = createSlackDirectory(slackClient);
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const approvers = createApproverPolicy({
    approvers: config.approvals.approvers,
    group: config.approvals.approverGroup,
    directory,
    clock,
  });
  const triage = wireTriage({ config, store, clock, directory, approvers });
  const home = wireHome({
    store,
    clock,
    approvers,
    client: slackClient,
    logger,
    ...(options.delivery?.pollMs === undefined ? {} : { pollMs: options.delivery.pollMs }),
  });
  const exceptions = wireExceptions({
    config,
    extraHandlers: home.handlers,
    // A proposal from a pasted alert goes where that alert would have been posted, else the default channel.
    proposalChannel: (alert) => {
      const decision = route(alert);
      return decision.action.kind === 'post' ? decision.action.channels[0] : config.slack.defaultChannel;
    },
    store,
    chat,
    clock,
    random,
    newId,
    logger,
    approvers,
    targets,
    workerId,
    ...(options.delivery?.pollMs === undefined ? {} : { pollMs: options.delivery.pollMs }),
    ...(options.delivery?.channelIntervalMs === undefined
      ? {}
      : { channelIntervalMs: options.delivery.channelIntervalMs }),
  });
  const proposalsAvailable = exceptions.flow.unavailable === undefined;
  const delivery = createDeliveryWorker({
    store,
    chat,
    clock,
    logger: logger.child({ component: 'delivery' }),
    metrics,
    view: {
      fingerprint,
      proposalsAvailable,
      proposalBadge: (groupId) => exceptions.badge(groupId),
      messageStyle: (routeName) => messageStyleOf(routes, routeName),
      escalationFor: triage.escalationFor,
      // With several targets the message says which one an exception would go to (or that none would).
      ...(targets.implicit
        ? {}
        : {
            targetOf: (name: string | null) => {
              const target = targets.of(name);
              return target === undefined ? null : targetRef(target);
            },
          }),
    },
    workerId,
    random,
    ...(options.delivery?.channelIntervalMs === undefined
      ? {}
      : { channelIntervalMs: options.delivery.channelIntervalMs }),
    ...(options.delivery?.pollMs === undefined ? {} : { pollMs: options.delivery.pollMs }),
  });

  const mutes = createMutes({
    store,
    clock,
    newId,
    allowed: config.muteAllowed,
    approvers,
    targets: targets.implicit ? [] : targets.all.map((target) => target.name),
  });
  const slack = createSlackApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    logger,
    handlers: {
      explain: (groupId, userId) =>
        requestExplanation(
          {
            store,
            clock,
            rulesConfigured: targets.all.some((target) => target.rules.unavailable === undefined),
          },
          groupId,
          userId,
        ),
      exceptionFlow: exceptions.flow,
    },
    command: {
      explain: (text) => explainPasted({ explanations: exceptions.explanations, intake }, text),
      status: (target) =>
        statusReport(
          {
            store,
            clock,
            githubConfigured: targets.all.some((t) => t.repo !== undefined),
            targets: targets.all.map(targetRef),
          },
          target,
        ),
      mute: (target, durationMs, reason, userId) => mutes.mute(target, durationMs, reason, userId),
      unmute: (target, userId) => mutes.unmute(target, userId),
      now: () => clock.now().getTime(),
    },
    openHome: (userId) => home.open(userId),
    explainMessage: (message) =>
      explainMessage({ explanations: exceptions.explanations, intake, store }, message),
    triage: triage.handlers,
    reactions: config.triage.reactions,
    metrics,
  });

  const http = await listenBot(
    config,
    botRoutes({
      config,
      store,
      metrics,
      refreshMetrics: metricsRefresh({ metrics, store, reporterLock, clock, logger }),
      intake,
      clock,
      logger,
      slack: slack.requestListener,
      rollout: exceptions.rollout,
      repositories: exceptions.repositories,
    }),
    logger,
  );
  const { port, internalPort } = http;
  await slack.start();
  grouping.start();
  delivery.start();
  exceptions.runner.start();
  exceptions.reconciler?.start();
  home.start();
  const maintenance = setInterval(() => {
    exceptions.proposals.expireDue().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not expire proposals; will retry');
    });
  }, options.maintenanceIntervalMs ?? 60_000);
  maintenance.unref();
  const version = packageVersion();
  logger.info(
    {
      port,
      internalPort,
      version: version.ok ? version.value : 'unknown',
      store: store.kind,
      slack: slack.mode,
      github: proposalsAvailable,
      targets: targets.all.map((target) => target.name),
    },
    'falco-triage is up',
  );

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    internalPort,
    internalUrl: `http://127.0.0.1:${internalPort}`,
    store,
    metrics,
    reconciler: exceptions.reconciler,
    async stop() {
      await http.close();
      clearInterval(maintenance);
      await writer.close();
      // What intake stored is grouped and its Slack work queued before the delivery worker stops.
      await grouping.drain();
      await grouping.stop();
      await delivery.stop();
      await exceptions.reconciler?.stop();
      await home.stop();
      await exceptions.runner.stop();
      await slack.stop();
      await reporterLock.close();
      await store.close();
      logger.info({}, 'falco-triage stopped');
    },
  };
}
