/**
 * Read-only figures about the whole database, for the database-wide gauges of `GET /metrics`: proposals by state,
 * exception pull requests by state, and the outbox (pending, dead, age of the oldest job not yet done). Two small
 * aggregate queries; only the replica that reports these gauges runs them (src/app/compose-metrics.ts).
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { integer, nullableTimestamp, parseRow, parseRows } from './rows.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../triage/ports/index.js';

export const PULL_REQUEST_STATES = [
  'open',
  'merged',
  'deployed',
  'deploy_failed',
  'closed_unmerged',
  'removed',
] as const;
export type PullRequestState = (typeof PULL_REQUEST_STATES)[number];

/**
 * The state of a proposal's exception pull request, by the proposal's status. `removed`: the exception it deployed
 * was taken out again (a removal pull request, or by hand). Other statuses have no pull request, or none any more
 * (`pr_failed`: it could not be opened).
 */
const PULL_REQUEST_STATE: Partial<Record<ProposalStatus, PullRequestState>> = {
  pr_open: 'open',
  merged: 'merged',
  deployed: 'deployed',
  deploy_failed: 'deploy_failed',
  closed_unmerged: 'closed_unmerged',
  removed: 'removed',
};

export interface DatabaseFigures {
  /** Every status of the schema, 0 included. */
  readonly proposals: ReadonlyMap<ProposalStatus, number>;
  /** Every state of PULL_REQUEST_STATES, 0 included. */
  readonly pullRequests: ReadonlyMap<PullRequestState, number>;
  readonly outbox: {
    readonly pending: number;
    readonly dead: number;
    /** Seconds since the oldest job that is pending or running was queued; 0 when there is none. */
    readonly oldestPendingAgeSeconds: number;
  };
}

export async function readDatabaseFigures(q: Queryable, now: Date): Promise<DatabaseFigures> {
  const byStatus = await q.query(
    'SELECT status, count(*) AS n, count(pr_number) AS with_pr FROM proposals GROUP BY status',
  );
  const proposals = new Map<ProposalStatus, number>(PROPOSAL_STATUSES.map((status) => [status, 0]));
  const pullRequests = new Map<PullRequestState, number>(PULL_REQUEST_STATES.map((state) => [state, 0]));
  const statusRow = z.object({ status: z.enum(PROPOSAL_STATUSES), n: integer, with_pr: integer });
  for (const row of parseRows(statusRow, byStatus.rows, 'proposal figures')) {
    proposals.set(row.status, row.n);
    const state = PULL_REQUEST_STATE[row.status];
    if (state !== undefined) pullRequests.set(state, row.with_pr);
  }

  const { rows } = await q.query(
    `SELECT count(*) FILTER (WHERE state = 'pending') AS pending,
            count(*) FILTER (WHERE state = 'dead') AS dead,
            min(created_at) FILTER (WHERE state IN ('pending', 'leased')) AS oldest
     FROM outbox WHERE state IN ('pending', 'leased', 'dead')`,
  );
  const outbox = parseRow(
    z.object({ pending: integer, dead: integer, oldest: nullableTimestamp }),
    rows[0],
    'outbox figures',
  );
  const oldestPendingAgeSeconds =
    outbox.oldest === null ? 0 : Math.max(0, (now.getTime() - outbox.oldest.getTime()) / 1000);
  return {
    proposals,
    pullRequests,
    outbox: { pending: outbox.pending, dead: outbox.dead, oldestPendingAgeSeconds },
  };
}
