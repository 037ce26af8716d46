/**
 * Proposed exceptions, from the Slack modal to the deployed rule. Status changes are compare-and-set: a transition
 * names the states it may start from, so double clicks, Slack retries, two approvers at the same instant and a webhook
 * racing the reconciler produce one change, and the losers learn the current state. One live proposal per
 * equivalence key (same rule, same exception) is enforced by a unique index: a second submission links to the first.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.js';
import type { Queryable } from './database.js';
import {
  integer,
  jsonObject,
  nullableInteger,
  nullableText,
  nullableTimestamp,
  parseRows,
  timestamp,
} from './rows.js';

import {
  LIVE_PROPOSAL_STATUSES,
  PROPOSAL_STATUSES,
  storedExceptionSchema,
  storedImpactSchema,
  type ChangeRefused,
  type CreateProposalResult,
  type NewProposal,
  type Proposal,
  type ProposalPatch,
  type ProposalStatus,
} from '../triage/ports/index.js';

const PATCH_COLUMNS = {
  statusReason: 'status_reason',
  impact: 'impact',
  yaml: 'yaml',
  slackChannel: 'slack_channel',
  slackThreadTs: 'slack_thread_ts',
  slackMessageTs: 'slack_message_ts',
  prNumber: 'pr_number',
  prUrl: 'pr_url',
  branch: 'branch',
  mergeCommitSha: 'merge_commit_sha',
  deployRunId: 'deploy_run_id',
  deployRunUrl: 'deploy_run_url',
  deployRunNumber: 'deploy_run_number',
  prFailure: 'pr_failure',
  prBaseSha: 'pr_base_sha',
  prBotCommits: 'pr_bot_commits',
  prHold: 'pr_hold',
} as const satisfies Record<keyof ProposalPatch, string>;

/** Patch columns of type jsonb: written as JSON text (a null stays SQL NULL). */
const JSON_COLUMNS: ReadonlySet<string> = new Set(['impact', 'pr_failure', 'pr_bot_commits', 'pr_hold']);

export const proposalRow = z
  .object({
    id: z.string(),
    alert_id: z.string(),
    group_id: nullableText,
    rule: z.string(),
    strategy: z.enum(['exception', 'list', 'macro', 'condition']),
    exception: storedExceptionSchema,
    yaml: z.string(),
    justification: z.string(),
    exception_expires_at: nullableTimestamp,
    proposer: z.string(),
    impact: storedImpactSchema,
    status: z.enum(PROPOSAL_STATUSES),
    status_reason: nullableText,
    version: integer,
    equivalence_key: z.string(),
    expires_at: timestamp,
    slack_channel: nullableText,
    slack_thread_ts: nullableText,
    slack_message_ts: nullableText,
    pr_number: nullableInteger,
    pr_url: nullableText,
    branch: nullableText,
    merge_commit_sha: nullableText,
    deploy_run_id: nullableInteger,
    deploy_run_url: nullableText,
    deploy_run_number: nullableInteger,
    pr_failure: jsonObject.nullable(),
    pr_base_sha: nullableText,
    pr_bot_commits: z.array(z.string()),
    pr_hold: jsonObject.nullable(),
    falco_target: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .transform((row): Proposal => ({
    id: row.id,
    alertId: row.alert_id,
    groupId: row.group_id,
    rule: row.rule,
    strategy: row.strategy,
    exception: row.exception,
    yaml: row.yaml,
    justification: row.justification,
    exceptionExpiresAt: row.exception_expires_at,
    proposer: row.proposer,
    impact: row.impact,
    status: row.status,
    statusReason: row.status_reason,
    version: row.version,
    equivalenceKey: row.equivalence_key,
    expiresAt: row.expires_at,
    slackChannel: row.slack_channel,
    slackThreadTs: row.slack_thread_ts,
    slackMessageTs: row.slack_message_ts,
    prNumber: row.pr_number,
    prUrl: row.pr_url,
    branch: row.branch,
    mergeCommitSha: row.merge_commit_sha,
    deployRunId: row.deploy_run_id,
    deployRunUrl: row.deploy_run_url,
    deployRunNumber: row.deploy_run_number,
    prFailure: row.pr_failure,
    prBaseSha: row.pr_base_sha,
    prBotCommits: row.pr_bot_commits,
    prHold: row.pr_hold,
    falcoTarget: row.falco_target,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

const LIVE_SQL = LIVE_PROPOSAL_STATUSES.map((status) => `'${status}'`).join(', ');

/** `AND` the target is the parameter's, unless the parameter is null (every target). */
const TARGET_IS = (param: number): string =>
  `AND ($${param}::text IS NULL OR falco_target = $${param}::text)`;

export class ProposalsRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  /**
   * Creates a pending proposal, unless one with the same id (a retried submission) or a live equivalent one exists:
   * then that one is returned with `created: false`.
   */
  async create(proposal: NewProposal): Promise<CreateProposalResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await this.#q.query(
        `INSERT INTO proposals (id, alert_id, group_id, rule, strategy, exception, yaml, justification,
           exception_expires_at, proposer, impact, status, equivalence_key, expires_at, slack_channel, slack_thread_ts,
           created_at, updated_at, falco_target)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::jsonb, 'pending', $12, $13, $14, $15, $16, $16,
           $17)
         ON CONFLICT DO NOTHING
         RETURNING *`,
        [
          proposal.id,
          proposal.alertId,
          proposal.groupId,
          proposal.rule,
          proposal.strategy,
          JSON.stringify(proposal.exception),
          proposal.yaml,
          proposal.justification,
          proposal.exceptionExpiresAt,
          proposal.proposer,
          JSON.stringify(proposal.impact),
          proposal.equivalenceKey,
          proposal.expiresAt,
          proposal.slackChannel ?? null,
          proposal.slackThreadTs ?? null,
          proposal.createdAt,
          // The short form's one target (the migration gave earlier proposals the same name).
          proposal.falcoTarget ?? 'default',
        ],
      );
      const [created] = parseRows(proposalRow, rows, 'proposal');
      if (created !== undefined) return { created: true, proposal: created };
      const existing =
        (await this.get(proposal.id)) ?? (await this.findLiveEquivalent(proposal.equivalenceKey));
      if (existing !== undefined) return { created: false, existing };
      // The equivalent proposal left the live states between our insert and our read: try again.
    }
    throw new Error(`store: could not create proposal ${proposal.id}`);
  }

  async get(id: string): Promise<Proposal | undefined> {
    return this.#one('SELECT * FROM proposals WHERE id = $1', [id]);
  }

  /**
   * Locks the proposal row until the transaction ends. Decisions that depend on several rows (count the approvals,
   * then approve) take this first, so that two approvers at the same instant are counted one after the other.
   */
  lockForUpdate(id: string): Promise<Proposal | undefined> {
    return this.#one('SELECT * FROM proposals WHERE id = $1 FOR UPDATE', [id]);
  }

  findLiveEquivalent(equivalenceKey: string): Promise<Proposal | undefined> {
    return this.#one(`SELECT * FROM proposals WHERE equivalence_key = $1 AND status IN (${LIVE_SQL})`, [
      equivalenceKey,
    ]);
  }

  /** The most recent proposal made from an alert group (its badge on the alert message). */
  latestForGroup(groupId: string): Promise<Proposal | undefined> {
    return this.#one('SELECT * FROM proposals WHERE group_id = $1 ORDER BY created_at DESC LIMIT 1', [
      groupId,
    ]);
  }

  /**
   * Webhooks and the reconciler map GitHub events back to proposals by PR number, branch or merge commit, within a
   * target when given (pull request numbers repeat across repositories).
   */
  findByPullRequest(prNumber: number, falcoTarget?: string): Promise<Proposal | undefined> {
    return this.#one(
      `SELECT * FROM proposals WHERE pr_number = $1 ${TARGET_IS(2)} ORDER BY created_at DESC LIMIT 1`,
      [prNumber, falcoTarget ?? null],
    );
  }

  findByBranch(branch: string, falcoTarget?: string): Promise<Proposal | undefined> {
    return this.#one(
      `SELECT * FROM proposals WHERE branch = $1 ${TARGET_IS(2)} ORDER BY created_at DESC LIMIT 1`,
      [branch, falcoTarget ?? null],
    );
  }

  findByMergeCommit(sha: string, falcoTarget?: string): Promise<Proposal | undefined> {
    return this.#one(`SELECT * FROM proposals WHERE merge_commit_sha = $1 ${TARGET_IS(2)} LIMIT 1`, [
      sha,
      falcoTarget ?? null,
    ]);
  }

  /** Most recently changed first (of one target when given). */
  async list(statuses: readonly ProposalStatus[], limit = 50, falcoTarget?: string): Promise<Proposal[]> {
    const { rows } = await this.#q.query(
      `SELECT * FROM proposals WHERE status = ANY($1::text[]) ${TARGET_IS(3)}
       ORDER BY updated_at DESC, id DESC LIMIT $2`,
      [statuses, limit, falcoTarget ?? null],
    );
    return parseRows(proposalRow, rows, 'proposal');
  }

  /** Pending proposals past their approval deadline (to expire), oldest first. */
  async listPendingExpired(now: Date, limit = 100): Promise<Proposal[]> {
    const { rows } = await this.#q.query(
      `SELECT * FROM proposals WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return parseRows(proposalRow, rows, 'proposal');
  }

  /** Merged or deployed exceptions whose own expiry has passed (to open a removal PR), oldest first. */
  async listExceptionsExpired(now: Date, limit = 100, falcoTarget?: string): Promise<Proposal[]> {
    const { rows } = await this.#q.query(
      `SELECT * FROM proposals WHERE status IN ('merged', 'deployed', 'deploy_failed')
         AND exception_expires_at <= $1 ${TARGET_IS(3)} ORDER BY exception_expires_at LIMIT $2`,
      [now, limit, falcoTarget ?? null],
    );
    return parseRows(proposalRow, rows, 'proposal');
  }

  /** Compare-and-set on status (and on version when given), applying `patch` in the same statement. */
  transition(change: {
    readonly id: string;
    readonly from: readonly ProposalStatus[];
    readonly to: ProposalStatus;
    readonly now: Date;
    readonly expectedVersion?: number;
    readonly patch?: ProposalPatch;
  }): Promise<Result<Proposal, ChangeRefused>> {
    return this.#change(change.id, change.now, change.patch ?? {}, change.expectedVersion, {
      from: change.from,
      to: change.to,
    });
  }

  /** Changes fields without changing status (message ts, PR url, impact refresh). */
  update(change: {
    readonly id: string;
    readonly now: Date;
    readonly patch: ProposalPatch;
    readonly expectedVersion?: number;
  }): Promise<Result<Proposal, ChangeRefused>> {
    return this.#change(change.id, change.now, change.patch, change.expectedVersion, undefined);
  }

  async #change(
    id: string,
    now: Date,
    patch: ProposalPatch,
    expectedVersion: number | undefined,
    status: { from: readonly ProposalStatus[]; to: ProposalStatus } | undefined,
  ): Promise<Result<Proposal, ChangeRefused>> {
    const params: unknown[] = [id, now];
    const sets = ['version = version + 1', 'updated_at = $2'];
    const conditions = ['id = $1'];
    for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
      const value = patch[key as keyof ProposalPatch];
      if (value === undefined) continue;
      const json = JSON_COLUMNS.has(column);
      params.push(json && value !== null ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}${json ? '::jsonb' : ''}`);
    }
    if (status !== undefined) {
      params.push(status.to);
      sets.push(`status = $${params.length}`);
      params.push(status.from);
      conditions.push(`status = ANY($${params.length}::text[])`);
    }
    if (expectedVersion !== undefined) {
      params.push(expectedVersion);
      conditions.push(`version = $${params.length}`);
    }
    const changed = await this.#one(
      `UPDATE proposals SET ${sets.join(', ')} WHERE ${conditions.join(' AND ')} RETURNING *`,
      params,
    );
    if (changed !== undefined) return ok(changed);
    const current = await this.get(id);
    return current === undefined ? err({ reason: 'not_found' }) : err({ reason: 'conflict', current });
  }

  async #one(sql: string, params: readonly unknown[]): Promise<Proposal | undefined> {
    const { rows } = await this.#q.query(sql, params);
    return parseRows(proposalRow, rows, 'proposal')[0];
  }
}
