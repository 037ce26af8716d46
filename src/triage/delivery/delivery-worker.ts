/**
 * The Slack delivery worker: runs the outbox's Slack jobs within Slack's limits and never loses one.
 *
 * - New messages (group posts, thread replies) share their channel's ordering key; after each, the channel's next
 *   job is held back `channelIntervalMs` (Slack allows about one message per second per channel). This pacing lives
 *   in the outbox, so two replicas sharing PostgreSQL pace together.
 * - `chat.update` is Tier 3: updates draw from a budget (update-budget.ts) and are coalesced per group in the
 *   outbox, so a storm costs at most one update per message per few seconds.
 * - 429: the job and its ordering key wait Retry-After, and the channel stays slowed down (channel-slowdown.ts).
 *   5xx, timeouts, network errors: backoff; a Slack outage delays messages, it does not lose them
 *   (retry-policy.ts). Permanent errors: the job is given up and logged; the group's next alert queues its post
 *   again (grouping-batch.ts). A message deleted in Slack is forgotten; the group's next alert posts a new one.
 * - Leases: a worker that dies mid-job leaves it to be claimed again when the lease runs out; on a store no other
 *   process can use (embedded), leases left by a killed process are released at start.
 * - Updates and thread replies wait for the group's first post; when that post was given up, they are dropped
 *   (there is no message to update) instead of polling for ever or blocking the channel.
 */
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics.js';
import { postJobKey } from '../alerts/index.js';
import { ChannelSlowdown } from './channel-slowdown.js';
import type { ChatPort, ChatResult } from '../ports/index.js';
import { buildGroupView, type GroupViewDeps } from './group-view-builder.js';
import {
  JOB_GROUP_ESCALATION,
  JOB_GROUP_MARKS,
  JOB_GROUP_POST,
  JOB_GROUP_SAMPLES,
  JOB_GROUP_UPDATE,
  SLACK_JOB_KINDS,
  channelKey,
  groupJobPayload,
  groupKey,
  samplesJobPayload,
} from '../jobs/index.js';
import { triageMarks, type Clock, type Job, type Lease, type TriageStore } from '../ports/index.js';
import { backoffMs, givesUp, type RetryPolicy } from '../jobs/index.js';
import { UpdateBudget } from './update-budget.js';
import type { Outcome } from './delivery-outcome.js';
import { announceEscalation, showGroupMarks, type TriageDeliveryContext } from './triage-delivery.js';
import { createPollingLoop } from '../jobs/index.js';

/** What the worker needs from the store beyond the workflow's ports (src/store's Store has all of it). */
export interface DeliveryStore extends TriageStore {
  /** `embedded`: no other process can use this store (data-directory lock). */
  readonly kind?: string;
  readonly groups: TriageStore['groups'] & {
    forgetMessage(id: string, slackTs: string, now: Date): Promise<boolean>;
  };
  readonly outbox: TriageStore['outbox'] & {
    latest(coalesceKey: string): Promise<{ readonly state: string } | undefined>;
    releaseLeases(now: Date): Promise<number>;
  };
}

export interface DeliveryOptions {
  readonly store: DeliveryStore;
  readonly chat: ChatPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly view: GroupViewDeps;
  readonly workerId: string;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  readonly channelIntervalMs?: number;
  readonly updatesPerSecond?: number;
  readonly updateBurst?: number;
  readonly leaseMs?: number;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly maxAttempts?: number;
  /** A job failing with transient errors is given up only once it is this old (default one day). */
  readonly giveUpAfterMs?: number;
  /** Longest backoff between two attempts of a failing job (default one minute). */
  readonly maxBackoffMs?: number;
  /**
   * No other process uses the store, so leases found at start belong to a dead process and are released at once
   * (default: when the store is the embedded one).
   */
  readonly exclusiveStore?: boolean;
}

export interface DeliveryWorker {
  /** Runs until stopped, polling for due jobs. */
  start(): void;
  /** Finishes the jobs in hand, then stops. */
  stop(): Promise<void>;
  /** One claim-and-run round; returns how many jobs it ran (tests and benchmarks drive this directly). */
  runOnce(): Promise<number>;
}

export function createDeliveryWorker(options: DeliveryOptions): DeliveryWorker {
  const channelIntervalMs = options.channelIntervalMs ?? 1100;
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 25;
  const pollMs = options.pollMs ?? 250;
  const retry: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? 15,
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * 3600_000,
    maxBackoffMs: options.maxBackoffMs ?? 60_000,
    random: options.random,
  };
  const exclusiveStore = options.exclusiveStore ?? options.store.kind === 'embedded';
  // chat.update is Tier 3: 50 per minute per workspace (more on some workspaces; 50 is the floor).
  const updates = new UpdateBudget(options.updatesPerSecond ?? 50 / 60, options.updateBurst ?? 10);
  const slowdown = new ChannelSlowdown({ baseMs: channelIntervalMs });
  const { store, chat, clock, logger, metrics } = options;

  function chatFailure<T>(result: ChatResult<T>, paceChannel?: string): Outcome | undefined {
    if (result.ok) return undefined;
    metrics.slackErrors.inc({ error: result.error.code });
    if (result.error.kind === 'rate_limited' && paceChannel !== undefined) {
      slowdown.limited(paceChannel, result.error.retryAfterMs, clock.now().getTime());
    }
    return { kind: 'chat-error', error: result.error, ...(paceChannel === undefined ? {} : { paceChannel }) };
  }

  /**
   * An update or reply found no message yet: wait while the group's first post is on its way; when that post was
   * given up (or never queued, e.g. a muted group), there is nothing to update.
   */
  async function awaitPost(job: Job, groupId: string): Promise<Outcome> {
    const post = await store.outbox.latest(postJobKey(groupId));
    if (post?.state === 'pending' || post?.state === 'leased') {
      const afterMs = Math.min(10_000, 500 * 2 ** Math.min(5, job.attempts));
      return { kind: 'later', afterMs, reason: 'waiting for the first post' };
    }
    logger.warn(
      { jobId: job.id, kind: job.kind, groupId, post: post?.state ?? 'none' },
      'dropped a Slack job: its alert group has no message (its first post was given up)',
    );
    return { kind: 'done' };
  }

  async function post(job: Job): Promise<Outcome> {
    const { groupId } = groupJobPayload.parse(job.payload);
    const group = await store.groups.get(groupId);
    if (group === undefined || group.slackTs !== null) return { kind: 'done' };
    const view = await buildGroupView(store, group, clock.now(), options.view);
    if (view === undefined) return { kind: 'done' };
    const result = await chat.postGroup(group.channel, view);
    if (!result.ok) return chatFailure(result, group.channel) as Outcome;
    await store.groups.setSlackTs(group.id, result.value.ts, clock.now());
    metrics.slackPosted.inc({ kind: 'post' });
    // A group triaged before its message was (re)posted: the new message gets its marks too.
    if (triageMarks(group.triage).length > 0) {
      await store.outbox.enqueue(
        {
          kind: JOB_GROUP_MARKS,
          payload: { groupId: group.id },
          orderingKey: groupKey(group.id),
          coalesceKey: `marks:${group.id}`,
        },
        clock.now(),
      );
    }
    return { kind: 'done', paceChannel: group.channel };
  }

  async function update(job: Job): Promise<Outcome> {
    const { groupId } = groupJobPayload.parse(job.payload);
    const group = await store.groups.get(groupId);
    if (group === undefined) return { kind: 'done' };
    // The first post is still queued: this update waits for it (the post renders the latest state anyway).
    if (group.slackTs === null) return awaitPost(job, group.id);
    const nowMs = clock.now().getTime();
    const wait = updates.take(nowMs);
    if (wait > 0) return { kind: 'later', afterMs: wait, reason: 'update budget' };
    const view = await buildGroupView(store, group, clock.now(), options.view);
    if (view === undefined) return { kind: 'done' };
    const result = await chat.updateGroup(group.channel, group.slackTs, view);
    if (!result.ok && result.error.code === 'message_not_found') {
      // Someone deleted the message in Slack: stop updating it; the group's next alert posts a new one.
      await store.groups.forgetMessage(group.id, group.slackTs, clock.now());
      logger.info(
        { groupId: group.id, channel: group.channel },
        'an alert message was deleted in Slack; the next alert of its group posts a new one',
      );
      return { kind: 'done' };
    }
    if (!result.ok) {
      if (result.error.kind === 'rate_limited') updates.limited(nowMs, result.error.retryAfterMs);
      return chatFailure(result) as Outcome;
    }
    metrics.slackPosted.inc({ kind: 'update' });
    return { kind: 'done' };
  }

  async function samples(job: Job): Promise<Outcome> {
    const payload = samplesJobPayload.parse(job.payload);
    const group = await store.groups.get(payload.groupId);
    if (group === undefined) return { kind: 'done' };
    // Replies share the channel's order, behind the group's post: no ts here means that post was given up.
    if (group.slackTs === null) return awaitPost(job, group.id);
    const result = await chat.postThreadReply(group.channel, group.slackTs, {
      kind: 'samples',
      rule: group.rule,
      samples: payload.samples,
    });
    if (!result.ok) return chatFailure(result, group.channel) as Outcome;
    metrics.slackPosted.inc({ kind: 'thread' });
    return { kind: 'done', paceChannel: group.channel };
  }

  const triage: TriageDeliveryContext = {
    store,
    chat,
    clock,
    awaitPost,
    failure: (result, paceChannel) => chatFailure(result, paceChannel) as Outcome,
    posted: (kind) => metrics.slackPosted.inc({ kind }),
  };

  async function execute(job: Job): Promise<Outcome> {
    switch (job.kind) {
      case JOB_GROUP_MARKS:
        return showGroupMarks(triage, job);
      case JOB_GROUP_ESCALATION:
        return announceEscalation(triage, job);
      case JOB_GROUP_POST:
        return post(job);
      case JOB_GROUP_UPDATE:
        return update(job);
      case JOB_GROUP_SAMPLES:
        return samples(job);
      default:
        return { kind: 'chat-error', error: { kind: 'permanent', code: 'unknown_job', message: job.kind } };
    }
  }

  async function settle(job: Job, outcome: Outcome): Promise<void> {
    const now = clock.now();
    const lease: Lease = { id: job.id, workerId: options.workerId, attempts: job.attempts };
    const pace = async (channel: string | undefined, until: Date): Promise<void> => {
      if (channel !== undefined) await store.outbox.pace(channelKey(channel), until);
    };
    switch (outcome.kind) {
      case 'done':
        // Pace before completing: completing frees the channel's next job, which must not run before its time.
        if (outcome.paceChannel !== undefined) {
          const intervalMs = slowdown.intervalMs(outcome.paceChannel, now.getTime());
          await pace(outcome.paceChannel, new Date(now.getTime() + intervalMs));
        }
        await store.outbox.complete(lease, now);
        return;
      case 'later':
        await store.outbox.retry(lease, now, new Date(now.getTime() + outcome.afterMs), outcome.reason);
        return;
      case 'chat-error': {
        const { error } = outcome;
        if (givesUp(retry, job, error, now)) {
          logger.error({ jobId: job.id, kind: job.kind, error }, 'gave up on a Slack job');
          await store.outbox.fail(lease, now, `${error.code}: ${'message' in error ? error.message : ''}`);
          return;
        }
        const afterMs = error.kind === 'rate_limited' ? error.retryAfterMs : backoffMs(retry, job.attempts);
        const retryAt = new Date(now.getTime() + afterMs);
        logger.warn(
          { jobId: job.id, kind: job.kind, error, retryInMs: afterMs },
          'Slack job will be retried',
        );
        if (error.kind === 'rate_limited') await pace(outcome.paceChannel, retryAt);
        await store.outbox.retry(lease, now, retryAt, error.code);
        return;
      }
    }
  }

  async function runJob(job: Job): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await execute(job);
    } catch (error) {
      logger.error({ err: error, jobId: job.id, kind: job.kind }, 'Slack job failed unexpectedly');
      outcome = {
        kind: 'chat-error',
        error: {
          kind: 'transient',
          code: 'internal',
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
    await settle(job, outcome);
  }

  async function runOnce(): Promise<number> {
    updates.newRound();
    const jobs = await store.outbox.claim({
      workerId: options.workerId,
      now: clock.now(),
      leaseMs,
      limit: batchSize,
      kinds: SLACK_JOB_KINDS,
    });
    // Claimed jobs never share an ordering key, so they may run side by side.
    await Promise.all(jobs.map(runJob));
    return jobs.length;
  }

  async function releaseStaleLeases(): Promise<void> {
    try {
      const released = await store.outbox.releaseLeases(clock.now());
      if (released > 0) logger.info({ released }, 'released Slack jobs left leased by a stopped process');
    } catch (error) {
      logger.warn({ err: error }, 'could not release stale leases; they run when their leases expire');
    }
  }

  const loop = createPollingLoop({
    runOnce,
    pollMs,
    logger,
    failureMessage: 'Slack delivery round failed; retrying',
    ...(exclusiveStore ? { beforeFirstRound: releaseStaleLeases } : {}),
  });

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),
    runOnce,
  };
}
