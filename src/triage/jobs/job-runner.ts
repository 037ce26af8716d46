/**
 * A generic outbox worker: claims due jobs of the kinds it has handlers for, runs them, and settles each one
 * (done, later, retry with backoff, or dead). Handlers return outcomes as values; a thrown error is a transient
 * failure. Used for the exception workflow's jobs (proposal messages in Slack, GitHub pull requests, thread notes).
 *
 * Jobs sharing an ordering key never run at the same time (the outbox hands out one per key), so handlers for one
 * proposal or one Slack channel run in order even across replicas. `paceKey` holds back the next job of a key
 * (Slack's per-channel message pace).
 */
import type { BotErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Clock, Job, Lease, TriageStore } from '../ports/index.js';
import { createPollingLoop } from './polling-loop.js';

export type JobOutcome =
  | { readonly kind: 'done'; readonly pace?: { readonly key: string; readonly ms: number } }
  /** Not an error: try again later (waiting for another job, a budget, a deadline). */
  | { readonly kind: 'later'; readonly afterMs: number; readonly reason: string }
  /** A transient failure: retry with backoff (or after `retryAfterMs` when the remote said). */
  | {
      readonly kind: 'retry';
      readonly code: BotErrorCode;
      readonly message: string;
      readonly retryAfterMs?: number;
      readonly pace?: { readonly key: string };
    }
  /** Can never succeed: give up. */
  | { readonly kind: 'fail'; readonly code: BotErrorCode; readonly message: string };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface JobRunnerOptions {
  readonly store: TriageStore;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
  readonly random: () => number;
  readonly leaseMs?: number;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly maxAttempts?: number;
  readonly maxBackoffMs?: number;
  /** Told when a job is given up (so the people waiting on it hear about it). */
  readonly onDead?: (job: Job, outcome: { code: BotErrorCode; message: string }) => Promise<void>;
}

export interface JobRunner {
  start(): void;
  stop(): Promise<void>;
  /** One claim-and-run round; returns how many jobs ran. */
  runOnce(): Promise<number>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const pollMs = options.pollMs ?? 250;
  const maxAttempts = options.maxAttempts ?? 20;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const kinds = Object.keys(options.handlers);
  const { store, clock, logger } = options;

  function backoffMs(attempts: number): number {
    const base = Math.min(maxBackoffMs, 1000 * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.5 + options.random() / 2));
  }

  async function settle(job: Job, outcome: JobOutcome): Promise<void> {
    const now = clock.now();
    const lease: Lease = { id: job.id, workerId: options.workerId, attempts: job.attempts };
    switch (outcome.kind) {
      case 'done':
        await store.outbox.complete(lease, now);
        if (outcome.pace !== undefined) {
          await store.outbox.pace(outcome.pace.key, new Date(now.getTime() + outcome.pace.ms));
        }
        return;
      case 'later':
        await store.outbox.retry(lease, now, new Date(now.getTime() + outcome.afterMs), outcome.reason);
        return;
      case 'retry': {
        if (job.attempts >= maxAttempts) {
          await giveUp(job, lease, {
            code: outcome.code,
            message: `${outcome.message} (after ${job.attempts} attempts)`,
          });
          return;
        }
        const afterMs = outcome.retryAfterMs ?? backoffMs(job.attempts);
        const retryAt = new Date(now.getTime() + afterMs);
        logger.warn(
          { jobId: job.id, kind: job.kind, code: outcome.code, retryInMs: afterMs },
          'job will be retried',
        );
        await store.outbox.retry(lease, now, retryAt, `${outcome.code}: ${outcome.message}`);
        if (outcome.pace !== undefined) await store.outbox.pace(outcome.pace.key, retryAt);
        return;
      }
      case 'fail':
        await giveUp(job, lease, outcome);
        return;
    }
  }

  async function giveUp(
    job: Job,
    lease: Lease,
    problem: { code: BotErrorCode; message: string },
  ): Promise<void> {
    logger.error({ jobId: job.id, kind: job.kind, ...problem }, 'gave up on a job');
    await store.outbox.fail(lease, clock.now(), `${problem.code}: ${problem.message}`);
    await options.onDead?.(job, problem).catch((error: unknown) => {
      logger.error({ err: error, jobId: job.id }, 'could not report a failed job');
    });
  }

  async function runJob(job: Job): Promise<void> {
    const handler = options.handlers[job.kind];
    let outcome: JobOutcome;
    try {
      outcome =
        handler === undefined
          ? { kind: 'fail', code: 'internal', message: `no handler for ${job.kind}` }
          : await handler(job);
    } catch (error) {
      logger.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed unexpectedly');
      outcome = {
        kind: 'retry',
        code: 'internal',
        message: error instanceof Error ? error.message : String(error),
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
      kinds,
    });
    await Promise.all(jobs.map(runJob));
    return jobs.length;
  }

  const loop = createPollingLoop({
    runOnce,
    pollMs,
    logger,
    failureMessage: 'job round failed; retrying',
  });

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),
    runOnce,
  };
}
