/**
 * The Slack delivery worker: runs the outbox's Slack jobs within Slack's limits and never loses one.
 *
 * - New messages (group posts, thread replies) share their channel's ordering key; after each, the channel's next
 *   job is held back `channelIntervalMs` (Slack allows about one message per second per channel). This pacing lives
 *   in the outbox, so two replicas sharing PostgreSQL pace together.
 * - `chat.update` is Tier 3 (about 50 per minute per workspace): updates go through a token bucket, and each
 *   group's updates are coalesced in the outbox, so a storm costs at most one update per message per few seconds.
 * - 429: the job and its ordering key wait the Retry-After Slack sent. 5xx/timeouts: exponential backoff with
 *   jitter. Permanent errors (channel_not_found, invalid_blocks): the job is given up, logged and counted.
 * - Leases: a worker that dies mid-job leaves it to be claimed again when the lease runs out.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ChatError, ChatPort, ChatResult } from './chat-port.js';
import { buildGroupView, type GroupViewDeps } from './group-view-builder.js';
import {
  JOB_GROUP_POST,
  JOB_GROUP_SAMPLES,
  JOB_GROUP_UPDATE,
  SLACK_JOB_KINDS,
  channelKey,
  groupJobPayload,
  samplesJobPayload,
} from './jobs.js';
import type { Clock, JobRow, LeaseRef, TriageStore } from './ports.js';
import { TokenBucket } from './token-bucket.js';

export interface DeliveryOptions {
  readonly store: TriageStore;
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
}

type Outcome =
  | { readonly kind: 'done'; readonly paceChannel?: string }
  | { readonly kind: 'later'; readonly afterMs: number; readonly reason: string }
  | { readonly kind: 'chat-error'; readonly error: ChatError; readonly paceChannel?: string };

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
  const maxAttempts = options.maxAttempts ?? 15;
  const updates = new TokenBucket(options.updatesPerSecond ?? 1, options.updateBurst ?? 10);
  const { store, chat, clock, logger, metrics } = options;
  let updatesPausedUntil = 0;
  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  function chatFailure<T>(result: ChatResult<T>, paceChannel?: string): Outcome | undefined {
    if (result.ok) return undefined;
    metrics.slackErrors.inc({ error: result.error.code });
    return { kind: 'chat-error', error: result.error, ...(paceChannel === undefined ? {} : { paceChannel }) };
  }

  async function post(job: JobRow): Promise<Outcome> {
    const { groupId } = groupJobPayload.parse(job.payload);
    const group = await store.groups.get(groupId);
    if (group === undefined || group.slackTs !== null) return { kind: 'done' };
    const view = await buildGroupView(store, group, clock.now(), options.view);
    if (view === undefined) return { kind: 'done' };
    const result = await chat.postGroup(group.channel, view);
    if (!result.ok) return chatFailure(result, group.channel) as Outcome;
    await store.groups.setSlackTs(group.id, result.value.ts, clock.now());
    metrics.slackPosted.inc({ kind: 'post' });
    return { kind: 'done', paceChannel: group.channel };
  }

  async function update(job: JobRow): Promise<Outcome> {
    const { groupId } = groupJobPayload.parse(job.payload);
    const group = await store.groups.get(groupId);
    if (group === undefined) return { kind: 'done' };
    // The first post is still queued: this update waits for it (the post renders the latest state anyway).
    if (group.slackTs === null) return { kind: 'later', afterMs: 2000, reason: 'waiting for the first post' };
    const nowMs = clock.now().getTime();
    if (nowMs < updatesPausedUntil)
      return { kind: 'later', afterMs: updatesPausedUntil - nowMs, reason: 'paused' };
    const wait = updates.take(nowMs);
    if (wait > 0) return { kind: 'later', afterMs: wait, reason: 'update budget' };
    const view = await buildGroupView(store, group, clock.now(), options.view);
    if (view === undefined) return { kind: 'done' };
    const result = await chat.updateGroup(group.channel, group.slackTs, view);
    if (!result.ok) {
      if (result.error.kind === 'rate_limited') updatesPausedUntil = nowMs + result.error.retryAfterMs;
      return chatFailure(result) as Outcome;
    }
    metrics.slackPosted.inc({ kind: 'update' });
    return { kind: 'done' };
  }

  async function samples(job: JobRow): Promise<Outcome> {
    const payload = samplesJobPayload.parse(job.payload);
    const group = await store.groups.get(payload.groupId);
    if (group === undefined) return { kind: 'done' };
    if (group.slackTs === null) return { kind: 'later', afterMs: 2000, reason: 'waiting for the first post' };
    const result = await chat.postThreadReply(group.channel, group.slackTs, {
      kind: 'samples',
      rule: group.rule,
      samples: payload.samples,
    });
    if (!result.ok) return chatFailure(result, group.channel) as Outcome;
    metrics.slackPosted.inc({ kind: 'thread' });
    return { kind: 'done', paceChannel: group.channel };
  }

  async function execute(job: JobRow): Promise<Outcome> {
    switch (job.kind) {
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

  function backoffMs(attempts: number): number {
    const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.5 + options.random() / 2));
  }

  async function settle(job: JobRow, outcome: Outcome): Promise<void> {
    const now = clock.now();
    const lease: LeaseRef = { id: job.id, workerId: options.workerId, attempts: job.attempts };
    const pace = async (channel: string | undefined, until: Date): Promise<void> => {
      if (channel !== undefined) await store.outbox.pace(channelKey(channel), until);
    };
    switch (outcome.kind) {
      case 'done':
        await store.outbox.complete(lease, now);
        await pace(outcome.paceChannel, new Date(now.getTime() + channelIntervalMs));
        return;
      case 'later':
        await store.outbox.retry(lease, now, new Date(now.getTime() + outcome.afterMs), outcome.reason);
        return;
      case 'chat-error': {
        const { error } = outcome;
        if (error.kind === 'permanent' || job.attempts >= maxAttempts) {
          logger.error({ jobId: job.id, kind: job.kind, error }, 'gave up on a Slack job');
          await store.outbox.fail(lease, now, `${error.code}: ${'message' in error ? error.message : ''}`);
          return;
        }
        const afterMs = error.kind === 'rate_limited' ? error.retryAfterMs : backoffMs(job.attempts);
        const retryAt = new Date(now.getTime() + afterMs);
        logger.warn(
          { jobId: job.id, kind: job.kind, error, retryInMs: afterMs },
          'Slack job will be retried',
        );
        await store.outbox.retry(lease, now, retryAt, error.code);
        if (error.kind === 'rate_limited') await pace(outcome.paceChannel, retryAt);
        return;
      }
    }
  }

  async function runJob(job: JobRow): Promise<void> {
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

  async function loop(): Promise<void> {
    while (!stopping) {
      let ran = 0;
      try {
        ran = await runOnce();
      } catch (error) {
        logger.error({ err: error }, 'Slack delivery round failed; retrying');
      }
      if (ran === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMs).unref();
        });
      }
    }
  }

  return {
    start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
    runOnce,
  };
}
