/**
 * Approvals of proposals: at most one per proposal and user (primary key), so a double click or a Slack retry adds
 * nothing. Whether a user may approve (not the proposer, an approver) is the workflow's decision, made before this.
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { integer, parseRows, timestamp } from './rows.js';
import type { Approval } from '../triage/ports/index.js';

const approvalRow = z
  .object({ proposal_id: z.string(), user_id: z.string(), approved_at: timestamp })
  .transform((row): Approval => ({
    proposalId: row.proposal_id,
    userId: row.user_id,
    approvedAt: row.approved_at,
  }));

export class ApprovalsRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  /**
   * Records an approval; `added: false` when this user had already approved. `count` is the total afterwards as
   * seen by this transaction: to act on it, call this in a transaction after `proposals.lockForUpdate(id)`.
   */
  async add(approval: Approval): Promise<{ readonly added: boolean; readonly count: number }> {
    const { rows } = await this.#q.query(
      `WITH added AS (
         INSERT INTO approvals (proposal_id, user_id, approved_at) VALUES ($1, $2, $3)
         ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM added) AS added,
              (SELECT count(*) FROM approvals WHERE proposal_id = $1) + (SELECT count(*) FROM added) AS count`,
      [approval.proposalId, approval.userId, approval.approvedAt],
    );
    const [row] = parseRows(z.object({ added: integer, count: integer }), rows, 'approval');
    if (row === undefined) throw new Error('store: approval insert returned no row');
    return { added: row.added === 1, count: row.count };
  }

  /** Oldest first. */
  async list(proposalId: string): Promise<Approval[]> {
    const { rows } = await this.#q.query(
      'SELECT * FROM approvals WHERE proposal_id = $1 ORDER BY approved_at, user_id',
      [proposalId],
    );
    return parseRows(approvalRow, rows, 'approval');
  }
}
