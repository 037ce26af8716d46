/** App Home wiring: the report's dependencies, the publish job, the refresher and the `app_home_opened` answer. */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { channelsOf, createSlackHome } from '../slack/home-events.js';
import { createHomeRefresher, homeJobs, openHome, type HomeDeps } from '../triage/commands/index.js';
import type { JobHandler } from '../triage/jobs/index.js';
import type { ChatResult, Clock, HomeStore } from '../triage/ports/index.js';
import type { ApproverPolicy } from '../triage/proposals/index.js';

export interface HomeWiring {
  readonly handlers: Record<string, JobHandler>;
  open(userId: string): Promise<ChatResult<void>>;
  start(): void;
  stop(): Promise<void>;
}

export function wireHome(args: {
  readonly store: HomeStore;
  readonly clock: Clock;
  readonly approvers: ApproverPolicy;
  readonly client: WebClient;
  readonly logger: Logger;
  readonly pollMs?: number;
}): HomeWiring {
  const logger = args.logger.child({ component: 'app-home' });
  const deps: HomeDeps = {
    store: args.store,
    clock: args.clock,
    approvers: args.approvers,
    channelsOf: channelsOf(args.client, logger),
  };
  const chat = createSlackHome(args.client);
  const refresher = createHomeRefresher({
    store: args.store,
    clock: args.clock,
    logger,
    pollMs: args.pollMs ?? 2000,
  });
  return {
    handlers: homeJobs({ ...deps, chat }),
    open: (userId) => openHome({ ...deps, chat }, userId),
    start: () => refresher.start(),
    stop: () => refresher.stop(),
  };
}
