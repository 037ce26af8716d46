/**
 * The outbox's job model: what is enqueued, what a claimed job looks like, leases and statistics, and the zod schemas
 * that turn `outbox` rows into them. The repository (outbox-repo.ts) holds the queries.
 */
import { z } from 'zod';
import { integer, jsonObject, nullableText, nullableTimestamp, timestamp } from './rows.js';
import { JOB_STATES, type Job, type LatestJob } from '../triage/ports/index.js';

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

export const latestRow = z
  .object({
    id: integer,
    state: z.enum(JOB_STATES),
    done_at: nullableTimestamp,
  })
  .transform((row): LatestJob => ({ id: row.id, state: row.state, doneAt: row.done_at }));
