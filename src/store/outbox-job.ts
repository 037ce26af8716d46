/**
 * The outbox's job model: what is enqueued, what a claimed job looks like, leases and statistics, and the zod schemas
 * that turn `outbox` rows into them. The repository (outbox-repo.ts) holds the queries.
 */
import { z } from 'zod';
import { integer, jsonObject, nullableText, nullableTimestamp, timestamp } from './rows.js';

export interface NewJob {
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly orderingKey?: string | null;
  readonly coalesceKey?: string | null;
  /** Not before this time (default: now). */
  readonly runAt?: Date;
}

/** Every state a job can be in (the `outbox.state` column holds one of these). */
export const JOB_STATES = ['pending', 'leased', 'done', 'dead', 'superseded'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly orderingKey: string | null;
  readonly coalesceKey: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly state: JobState;
  /** Claims so far, including the current one. */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lockedBy: string | null;
  readonly lockedUntil: Date | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly doneAt: Date | null;
}

export interface EnqueueResult {
  readonly id: number;
  /** True when the job was folded into an existing pending job with the same coalesce key. */
  readonly coalesced: boolean;
}

export interface ClaimOptions {
  readonly workerId: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly limit: number;
  /** Only these kinds (default: all). */
  readonly kinds?: readonly string[];
}

/** Identifies one lease: a stale worker whose lease ran out and was re-claimed can no longer finish the job. */
export interface Lease {
  readonly id: number;
  readonly workerId: string;
  readonly attempts: number;
}

export interface OutboxStats {
  readonly pending: number;
  readonly due: number;
  readonly leased: number;
  readonly dead: number;
  readonly oldestDueAt: Date | null;
}

export const jobRow = z
  .object({
    id: integer,
    kind: z.string(),
    ordering_key: nullableText,
    coalesce_key: nullableText,
    payload: jsonObject,
    state: z.enum(JOB_STATES),
    attempts: integer,
    next_attempt_at: timestamp,
    locked_by: nullableText,
    locked_until: nullableTimestamp,
    last_error: nullableText,
    created_at: timestamp,
    done_at: nullableTimestamp,
  })
  .transform((row): Job => ({
    id: row.id,
    kind: row.kind,
    orderingKey: row.ordering_key,
    coalesceKey: row.coalesce_key,
    payload: row.payload,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    doneAt: row.done_at,
  }));

export interface LatestJob {
  readonly id: number;
  readonly state: JobState;
  readonly doneAt: Date | null;
}

export const latestRow = z
  .object({
    id: integer,
    state: z.enum(JOB_STATES),
    done_at: nullableTimestamp,
  })
  .transform((row): LatestJob => ({ id: row.id, state: row.state, doneAt: row.done_at }));
