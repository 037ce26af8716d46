/**
 * App Home: what one person has to do and watch, built from stored state when they open it, and published again
 * while they may be looking whenever something it shows changes.
 *
 * "Something changed" is read off the audit log, which every decision a home shows (propose, approve, reject,
 * acknowledge, mute, pull request, merge, deploy) is written to: a refresher compares its head with the last one
 * seen and queues one publish job per person who opened their home within a day. The jobs are coalesced per person
 * and delayed a little, so a burst of decisions is one `views.publish` each, within Slack's rate limits.
 */
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { ApproverPolicy } from '../proposals/index.js';
import { chatFailure, createPollingLoop, type JobHandler } from '../jobs/index.js';
import type { ChatResult, Clock, HomeReport, HomeStore } from '../ports/index.js';

export const JOB_HOME_PUBLISH = 'slack.home.publish';

const homeJobPayload = z.object({ userId: z.string() });

/** A person's home is kept up to date this long after they last opened it. */
const WATCH_MS = 86_400_000;
/** Decisions that come together are one publish. */
const REFRESH_DELAY_MS = 2000;
/** Slack's views.publish is Tier 4 (100+ a minute): one a person per 700 ms stays well inside it. */
const PUBLISH_PACE_MS = 700;

/** Publishes a person's home view (src/slack renders the report). */
export interface HomeChat {
  publishHome(report: HomeReport): Promise<ChatResult<void>>;
}

export interface HomeDeps {
  readonly store: HomeStore;
  readonly clock: Clock;
  readonly approvers: ApproverPolicy;
  /** The channels the person is in; undefined when Slack cannot say (the home then shows every channel). */
  readonly channelsOf: (userId: string) => Promise<readonly string[] | undefined>;
}

export async function homeReport(deps: HomeDeps, userId: string): Promise<HomeReport> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - WATCH_MS);
  const [approver, pending, own, channels, mutes, noisiest] = await Promise.all([
    deps.approvers.check(userId),
    deps.store.proposals.list(['pending'], 200),
    deps.store.home.proposalsOf(userId, 10),
    deps.channelsOf(userId),
    deps.store.mutes.live(now),
    deps.store.home.noisiestRules(now, 10),
  ]);
  const candidates = approver.ok
    ? pending.filter((proposal) => proposal.proposer !== userId && proposal.expiresAt > now)
    : [];
  const [approved, unacknowledged] = await Promise.all([
    deps.store.home.approvedBy(
      userId,
      candidates.map((proposal) => proposal.id),
    ),
    deps.store.home.unacknowledged(channels, since, 10),
  ]);
  const waiting = candidates.filter((proposal) => !approved.has(proposal.id));
  return {
    userId,
    waiting: waiting.slice(0, 15),
    waitingTotal: waiting.length,
    isApprover: approver.ok,
    own,
    unacknowledged,
    channelsKnown: channels !== undefined,
    mutes: mutes.filter((mute) => mute.createdBy === userId),
    noisiest,
    generatedAt: now,
  };
}

/** `app_home_opened`: remember the person, and publish their home now (not through the queue: they are looking). */
export async function openHome(
  deps: HomeDeps & { readonly chat: HomeChat },
  userId: string,
): Promise<ChatResult<void>> {
  await deps.store.home.noteOpened(userId, deps.clock.now());
  return deps.chat.publishHome(await homeReport(deps, userId));
}

export function homeJobs(deps: HomeDeps & { readonly chat: HomeChat }): Record<string, JobHandler> {
  const handler: JobHandler = async (job) => {
    const { userId } = homeJobPayload.parse(job.payload);
    const published = await deps.chat.publishHome(await homeReport(deps, userId));
    if (published.ok) return { kind: 'done', pace: { key: 'home', ms: PUBLISH_PACE_MS } };
    return chatFailure(published.error, { key: 'home' });
  };
  return { [JOB_HOME_PUBLISH]: handler };
}

/** Queues a publish for everyone watching their home when the audit log moved (see the header). */
export function createHomeRefresher(deps: {
  readonly store: HomeStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pollMs: number;
}): { start(): void; stop(): Promise<void>; runOnce(): Promise<number> } {
  let seen: number | undefined;
  async function runOnce(): Promise<number> {
    const head = await deps.store.home.auditHead();
    const moved = seen !== undefined && head !== seen;
    seen = head;
    if (!moved) return 0;
    const now = deps.clock.now();
    const users = await deps.store.home.openedSince(new Date(now.getTime() - WATCH_MS));
    for (const userId of users) {
      await deps.store.outbox.enqueue(
        {
          kind: JOB_HOME_PUBLISH,
          payload: { userId },
          orderingKey: 'home',
          coalesceKey: `home:${userId}`,
          runAt: new Date(now.getTime() + REFRESH_DELAY_MS),
        },
        now,
      );
    }
    return users.length;
  }
  const loop = createPollingLoop({
    runOnce,
    pollMs: deps.pollMs,
    logger: deps.logger,
    failureMessage: 'App Home refresh round failed; retrying',
  });
  return { start: () => loop.start(), stop: () => loop.stop(), runOnce };
}
