/**
 * The outbox: outbound work (Slack posts and updates, GitHub calls) written in the same transaction as the change
 * that needs it, and run later by workers, so nothing is lost when Slack or GitHub is down or the process dies.
 *
 * - Claiming leases jobs with `FOR UPDATE SKIP LOCKED`: two workers (or replicas) never hold the same job.
 * - A lease that runs out makes the job claimable again: a worker that crashed mid-job does not strand it.
 * - Jobs sharing an `orderingKey` (e.g. a Slack channel) run one at a time in id order: job 2 is not handed out while
 *   job 1 is pending, backing off or leased.
 * - A job with a `coalesceKey` (e.g. "update message X") that finds a pending job with the same key replaces that
 *   job's payload instead of queueing a second one, keeping its place and its scheduled time (so a storm of
 *   updates cannot postpone the update forever).
 *
 * Delivery is at least once: a job whose worker dies after the side effect but before `complete` runs again.
 */
import { z } from 'zod';
import { sqlStateOf, type Queryable } from './database.js';
import { jobRow, latestRow } from './outbox-job.js';
import { integer, nullableTimestamp, parseRow, parseRows } from './rows.js';
import type {
  ClaimOptions,
  EnqueueResult,
  Job,
  JobState,
  LatestJob,
  Lease,
  NewJob,
  OutboxStats,
} from '../triage/ports/index.js';

/** Error texts are kept short: they are for operators, and a Slack error body can be large. */
const MAX_ERROR_LENGTH = 2000;

export class OutboxRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async enqueue(job: NewJob, now: Date): Promise<EnqueueResult> {
    const { rows } = await this.#q.query(
      `INSERT INTO outbox (kind, ordering_key, coalesce_key, payload, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $6)
       ON CONFLICT (coalesce_key) WHERE state = 'pending' AND coalesce_key IS NOT NULL
       DO UPDATE SET payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at
       RETURNING id, (xmax::text <> '0') AS coalesced`,
      [
        job.kind,
        job.orderingKey ?? null,
        job.coalesceKey ?? null,
        JSON.stringify(job.payload),
        job.runAt ?? now,
        now,
      ],
    );
    const [row] = parseRows(z.object({ id: integer, coalesced: z.boolean() }), rows, 'outbox');
    if (row === undefined) throw new Error('store: enqueue returned no row');
    return row;
  }

  /**
   * Queues several jobs with one statement (an intake batch queues work for many groups at once), in list order, so
   * jobs sharing an ordering key run in that order. Coalescing works as in `enqueue` (a pending job whose payload
   * is already the same is left untouched); returns how many jobs were queued or changed. A list naming the same
   * coalesce key twice is queued one job at a time.
   */
  async enqueueMany(jobs: readonly NewJob[], now: Date): Promise<number> {
    if (jobs.length === 0) return 0;
    const keys = jobs.flatMap((job) => (job.coalesceKey == null ? [] : [job.coalesceKey]));
    if (new Set(keys).size !== keys.length) {
      for (const job of jobs) await this.enqueue(job, now);
      return jobs.length;
    }
    const { rowCount } = await this.#q.query(
      `INSERT INTO outbox (kind, ordering_key, coalesce_key, payload, next_attempt_at, created_at, updated_at)
       SELECT j.kind, j.ordering_key, j.coalesce_key, j.payload, j.run_at, $2, $2
       FROM json_to_recordset($1::json) AS j(ord integer, kind text, ordering_key text, coalesce_key text,
         payload jsonb, run_at timestamptz)
       ORDER BY j.ord
       ON CONFLICT (coalesce_key) WHERE state = 'pending' AND coalesce_key IS NOT NULL
       DO UPDATE SET payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at
       WHERE outbox.payload IS DISTINCT FROM EXCLUDED.payload`,
      [
        JSON.stringify(
          jobs.map((job, ord) => ({
            ord,
            kind: job.kind,
            ordering_key: job.orderingKey ?? null,
            coalesce_key: job.coalesceKey ?? null,
            payload: job.payload,
            run_at: (job.runAt ?? now).toISOString(),
          })),
        ),
        now,
      ],
    );
    return rowCount;
  }

  /** Leases up to `limit` due jobs, oldest first, respecting ordering keys. */
  async claim(options: ClaimOptions): Promise<Job[]> {
    const { rows } = await this.#q.query(
      `WITH candidates AS (
         SELECT o.id FROM outbox o
         WHERE ((o.state = 'pending' AND o.next_attempt_at <= $1) OR (o.state = 'leased' AND o.locked_until <= $1))
           AND ($4::text[] IS NULL OR o.kind = ANY($4::text[]))
           AND (o.ordering_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM outbox e
             WHERE e.ordering_key = o.ordering_key AND e.id < o.id AND e.state IN ('pending', 'leased')))
         ORDER BY o.id
         LIMIT $5
         FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox SET state = 'leased', locked_by = $2, locked_until = $1::timestamptz + $3 * interval '1 millisecond',
         attempts = outbox.attempts + 1, updated_at = $1
       FROM candidates WHERE outbox.id = candidates.id
       RETURNING outbox.*`,
      [options.now, options.workerId, options.leaseMs, options.kinds ?? null, options.limit],
    );
    return parseRows(jobRow, rows, 'outbox').sort((a, b) => a.id - b.id);
  }

  /** Marks a leased job done. False when the lease was lost (it ran out and another claim took the job). */
  async complete(lease: Lease, now: Date): Promise<boolean> {
    const { rowCount } = await this.#q.query(
      `UPDATE outbox SET state = 'done', done_at = $4, locked_by = NULL, locked_until = NULL, updated_at = $4
       WHERE id = $1 AND state = 'leased' AND locked_by = $2 AND attempts = $3`,
      [lease.id, lease.workerId, lease.attempts, now],
    );
    return rowCount === 1;
  }

  /** Extends a lease for a job that takes longer than expected. False when the lease was lost. */
  async extend(lease: Lease, now: Date, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.#q.query(
      `UPDATE outbox SET locked_until = $4::timestamptz + $5 * interval '1 millisecond', updated_at = $4
       WHERE id = $1 AND state = 'leased' AND locked_by = $2 AND attempts = $3`,
      [lease.id, lease.workerId, lease.attempts, now, leaseMs],
    );
    return rowCount === 1;
  }

  /**
   * Puts a leased job back for another attempt at `retryAt` (Slack's Retry-After, or backoff). A job whose coalesce
   * key has meanwhile got a newer pending job is superseded instead: the newer payload replaces it.
   * Run outside a transaction (it recovers from a unique violation by issuing a second statement).
   */
  async retry(lease: Lease, now: Date, retryAt: Date, error: string): Promise<boolean> {
    const lastError = error.slice(0, MAX_ERROR_LENGTH);
    try {
      const { rowCount } = await this.#q.query(
        `WITH verdict AS (
           SELECT t.id, EXISTS (
             SELECT 1 FROM outbox p WHERE p.coalesce_key = t.coalesce_key AND p.state = 'pending') AS superseded
           FROM outbox t WHERE t.id = $1 AND t.state = 'leased' AND t.locked_by = $2 AND t.attempts = $3)
         UPDATE outbox SET
           state = CASE WHEN verdict.superseded THEN 'superseded' ELSE 'pending' END,
           done_at = CASE WHEN verdict.superseded THEN $4::timestamptz END,
           next_attempt_at = $5, last_error = $6, locked_by = NULL, locked_until = NULL, updated_at = $4
         FROM verdict WHERE outbox.id = verdict.id`,
        [lease.id, lease.workerId, lease.attempts, now, retryAt, lastError],
      );
      return rowCount === 1;
    } catch (caught) {
      // A newer job with the same coalesce key was enqueued concurrently: it replaces this one.
      if (sqlStateOf(caught) !== '23505') throw caught;
      const { rowCount } = await this.#q.query(
        `UPDATE outbox SET state = 'superseded', done_at = $4, last_error = $5, locked_by = NULL,
           locked_until = NULL, updated_at = $4
         WHERE id = $1 AND state = 'leased' AND locked_by = $2 AND attempts = $3`,
        [lease.id, lease.workerId, lease.attempts, now, lastError],
      );
      return rowCount === 1;
    }
  }

  /** Gives up on a leased job (permanent error, or too many attempts): it stops blocking its ordering key. */
  async fail(lease: Lease, now: Date, error: string): Promise<boolean> {
    const { rowCount } = await this.#q.query(
      `UPDATE outbox SET state = 'dead', done_at = $4, last_error = $5, locked_by = NULL, locked_until = NULL,
         updated_at = $4
       WHERE id = $1 AND state = 'leased' AND locked_by = $2 AND attempts = $3`,
      [lease.id, lease.workerId, lease.attempts, now, error.slice(0, MAX_ERROR_LENGTH)],
    );
    return rowCount === 1;
  }

  /**
   * Holds back the pending jobs of an ordering key until `until` (never brings one forward): Slack's pace of about
   * one message per second per channel, and its Retry-After, apply to every replica sharing the database.
   */
  async pace(orderingKey: string, until: Date): Promise<number> {
    const { rowCount } = await this.#q.query(
      `UPDATE outbox SET next_attempt_at = $2
       WHERE ordering_key = $1 AND state = 'pending' AND next_attempt_at < $2`,
      [orderingKey, until],
    );
    return rowCount;
  }

  /**
   * The newest job queued with this coalesce key (any state, not pruned yet): whether a group's first post is still
   * on its way (pending, leased), was sent (done) or was given up (dead, and when).
   */
  async latest(coalesceKey: string): Promise<LatestJob | undefined> {
    const { rows } = await this.#q.query(
      'SELECT id, state, done_at FROM outbox WHERE coalesce_key = $1 ORDER BY id DESC LIMIT 1',
      [coalesceKey],
    );
    const [row] = parseRows(latestRow, rows, 'outbox');
    return row;
  }

  /** `latest` for many keys at once (keys without a job are absent from the map). */
  async latestMany(coalesceKeys: readonly string[]): Promise<Map<string, LatestJob>> {
    if (coalesceKeys.length === 0) return new Map();
    const { rows } = await this.#q.query(
      `SELECT DISTINCT ON (coalesce_key) coalesce_key, id, state, done_at FROM outbox
       WHERE coalesce_key = ANY($1::text[]) ORDER BY coalesce_key, id DESC`,
      [coalesceKeys],
    );
    const keyed = z.object({ coalesce_key: z.string() });
    return new Map(
      rows.map((row) => [parseRow(keyed, row, 'outbox').coalesce_key, parseRow(latestRow, row, 'outbox')]),
    );
  }

  /**
   * Makes every leased job claimable now. Only for a store no other process can use (the embedded store holds a
   * data-directory lock): at start-up, any lease in it belongs to a process that died mid-job, and waiting for the
   * lease to run out would only delay its Slack messages.
   */
  async releaseLeases(now: Date): Promise<number> {
    // A released job whose coalesce key has a newer job (pending, or leased after it) is superseded by that one.
    const { rowCount } = await this.#q.query(
      `WITH verdict AS (
         SELECT t.id, (t.coalesce_key IS NOT NULL AND EXISTS (
           SELECT 1 FROM outbox p WHERE p.coalesce_key = t.coalesce_key
             AND (p.state = 'pending' OR (p.state = 'leased' AND p.id > t.id)))) AS superseded
         FROM outbox t WHERE t.state = 'leased')
       UPDATE outbox SET
         state = CASE WHEN verdict.superseded THEN 'superseded' ELSE 'pending' END,
         done_at = CASE WHEN verdict.superseded THEN $1::timestamptz END,
         next_attempt_at = $1, locked_by = NULL, locked_until = NULL, updated_at = $1
       FROM verdict WHERE outbox.id = verdict.id`,
      [now],
    );
    return rowCount;
  }

  /** Whether any job, in any state, was queued with this coalesce key (and not pruned yet). */
  async hasJob(coalesceKey: string): Promise<boolean> {
    const { rows } = await this.#q.query('SELECT 1 FROM outbox WHERE coalesce_key = $1 LIMIT 1', [
      coalesceKey,
    ]);
    return rows.length > 0;
  }

  async get(id: number): Promise<Job | undefined> {
    const { rows } = await this.#q.query('SELECT * FROM outbox WHERE id = $1', [id]);
    return parseRows(jobRow, rows, 'outbox')[0];
  }

  /** Jobs in a state, oldest first (operators, tests, `/falco status`). */
  async list(state: JobState, limit = 100): Promise<Job[]> {
    const { rows } = await this.#q.query('SELECT * FROM outbox WHERE state = $1 ORDER BY id LIMIT $2', [
      state,
      limit,
    ]);
    return parseRows(jobRow, rows, 'outbox');
  }

  /** Queue depth for metrics and readiness. */
  async stats(now: Date): Promise<OutboxStats> {
    const { rows } = await this.#q.query(
      `SELECT
         count(*) FILTER (WHERE state = 'pending') AS pending,
         count(*) FILTER (WHERE state = 'pending' AND next_attempt_at <= $1) AS due,
         count(*) FILTER (WHERE state = 'leased') AS leased,
         count(*) FILTER (WHERE state = 'dead') AS dead,
         min(next_attempt_at) FILTER (WHERE state = 'pending' AND next_attempt_at <= $1) AS oldest_due_at
       FROM outbox WHERE state IN ('pending', 'leased', 'dead')`,
      [now],
    );
    const [row] = parseRows(
      z.object({
        pending: integer,
        due: integer,
        leased: integer,
        dead: integer,
        oldest_due_at: nullableTimestamp,
      }),
      rows,
      'outbox stats',
    );
    if (row === undefined) throw new Error('store: outbox stats returned no row');
    return {
      pending: row.pending,
      due: row.due,
      leased: row.leased,
      dead: row.dead,
      oldestDueAt: row.oldest_due_at,
    };
  }

  /** Deletes finished jobs (done, superseded, dead) older than `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.#q.query(
      `DELETE FROM outbox WHERE state IN ('done', 'superseded', 'dead') AND done_at < $1`,
      [before],
    );
    return rowCount;
  }
}
