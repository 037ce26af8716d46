/**
 * Test-only composition of the rollout pieces around a running bot's store, exactly as the composition root is to
 * wire them (see the wiring snippet in the rollout report): the webhook route (on a server of its own here, since
 * compose does not serve it yet), the rollout, the reconciler with the expiry jobs, and an outbox runner for their
 * jobs. Thread notes and badges go through the bot's own outbox runners.
 */
import { randomUUID } from 'node:crypto';
import type { RulesFileInput } from '../../../src/falco/rules/index.js';
import type { FalcoVersion } from '../../../src/falco/version.js';
import { createGitHubRepo, parseWebhook } from '../../../src/github/index.js';
import { githubWebhookRoute } from '../../../src/http/github-webhook-route.js';
import { createHttpServer } from '../../../src/http/server.js';
import { silentLogger } from '../../../src/logger.js';
import { createExpiryJobs, type ExpiryJobs } from '../../../src/triage/exception-expiry.js';
import { createJobRunner } from '../../../src/triage/job-runner.js';
import type { Clock, TriageStore } from '../../../src/triage/ports.js';
import { createReconciler, type Reconciler } from '../../../src/triage/reconciler.js';
import { createRemovalCheck } from '../../../src/triage/removal-check.js';
import { createRollout, type Rollout } from '../../../src/triage/rollout.js';

export interface RolloutWiringOptions {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly apiUrl: string;
  readonly token: string;
  /** owner/name */
  readonly repository: string;
  readonly rulesFile: string;
  readonly secret: string;
  readonly baseRules: readonly RulesFileInput[];
  readonly falcoVersion: FalcoVersion;
  readonly intervalMs: number;
}

export interface RolloutWiring {
  /** The webhook URL to give the fake GitHub. */
  readonly url: string;
  readonly rollout: Rollout;
  readonly reconciler: Reconciler;
  readonly expiry: ExpiryJobs;
  stop(): Promise<void>;
}

export async function startRolloutWiring(options: RolloutWiringOptions): Promise<RolloutWiring> {
  const { store, clock } = options;
  const logger = silentLogger;
  const [owner = '', repo = ''] = options.repository.split('/');
  const github = createGitHubRepo(
    {
      apiUrl: options.apiUrl,
      owner,
      repo,
      baseBranch: 'main',
      auth: { kind: 'token', token: options.token },
    },
    { throttle: false, retries: 0 },
  );
  const rollout = createRollout({ store, clock, logger, deployWorkflow: 'Falco rules', baseBranch: 'main' });
  const expiry = createExpiryJobs({
    store,
    repo: github,
    clock,
    logger,
    rulesFile: options.rulesFile,
    labels: ['falco-exception'],
    reviewers: [],
    check: createRemovalCheck({ baseRules: () => options.baseRules, falcoVersion: options.falcoVersion }),
  });
  const reconciler = createReconciler({
    store,
    repo: github,
    rollout,
    clock,
    logger,
    deployWorkflow: 'Falco rules',
    intervalMs: options.intervalMs,
    expiry,
  });
  const runner = createJobRunner({
    store,
    handlers: { ...reconciler.handlers, ...expiry.handlers },
    clock,
    logger,
    workerId: `rollout-${randomUUID().slice(0, 8)}`,
    random: Math.random,
    pollMs: 20,
  });
  const server = createHttpServer(
    [
      githubWebhookRoute({
        parse: (headers, raw) =>
          parseWebhook(headers, raw, options.secret, { repository: options.repository }),
        handle: (event) => rollout.handle(event),
        logger,
      }),
    ],
    logger,
  );
  const port = await server.listen(0, '127.0.0.1');
  runner.start();
  reconciler.start();
  return {
    url: `http://127.0.0.1:${port}/github/webhook`,
    rollout,
    reconciler,
    expiry,
    async stop() {
      await reconciler.stop();
      await runner.stop();
      await server.close();
    },
  };
}
