/** Outbox jobs: what is enqueued, what a claimed job looks like, leases and statistics. */

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

export interface LatestJob {
  readonly id: number;
  readonly state: JobState;
  readonly doneAt: Date | null;
}
