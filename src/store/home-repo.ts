/**
 * The store's answers for App Home (see triage/ports/home-records.ts): small read queries over proposals, approvals,
 * groups, alerts and the audit log, plus who opened their home.
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { groupRow } from './group-row.js';
import { proposalRow } from './proposals-repo.js';
import { integer, parseRows } from './rows.js';
import type { AlertGroup, HomePort, Proposal, RuleNoise } from '../triage/ports/index.js';

const DAY_MS = 86_400_000;

const noiseRow = z
  .object({ rule: z.string(), last: integer, previous: integer })
  .transform((row): RuleNoise => ({ rule: row.rule, last24h: row.last, previous24h: row.previous }));

export class HomeRepo implements HomePort {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async noteOpened(userId: string, at: Date): Promise<void> {
    await this.#q.query(
      `INSERT INTO home_views (user_id, opened_at) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET opened_at = greatest(home_views.opened_at, excluded.opened_at)`,
      [userId, at],
    );
  }

  async openedSince(since: Date): Promise<string[]> {
    const { rows } = await this.#q.query('SELECT user_id FROM home_views WHERE opened_at >= $1', [since]);
    return parseRows(z.object({ user_id: z.string() }), rows, 'home view').map((row) => row.user_id);
  }

  async proposalsOf(proposer: string, limit: number): Promise<Proposal[]> {
    const { rows } = await this.#q.query(
      'SELECT * FROM proposals WHERE proposer = $1 ORDER BY updated_at DESC, id DESC LIMIT $2',
      [proposer, limit],
    );
    return parseRows(proposalRow, rows, 'proposal');
  }

  async approvedBy(userId: string, proposalIds: readonly string[]): Promise<Set<string>> {
    if (proposalIds.length === 0) return new Set();
    const { rows } = await this.#q.query(
      'SELECT proposal_id FROM approvals WHERE user_id = $1 AND proposal_id = ANY($2::uuid[])',
      [userId, proposalIds],
    );
    return new Set(
      parseRows(z.object({ proposal_id: z.string() }), rows, 'approval').map((row) => row.proposal_id),
    );
  }

  async unacknowledged(
    channels: readonly string[] | undefined,
    since: Date,
    limit: number,
  ): Promise<{ total: number; groups: AlertGroup[] }> {
    const where = `state = 'open' AND last_seen >= $1 AND ($2::text[] IS NULL OR channel = ANY($2::text[]))`;
    const params = [since, channels ?? null];
    const [counted, listed] = await Promise.all([
      this.#q.query(`SELECT count(*)::int AS n FROM alert_groups WHERE ${where}`, params),
      this.#q.query(`SELECT * FROM alert_groups WHERE ${where} ORDER BY last_seen DESC, id DESC LIMIT $3`, [
        ...params,
        limit,
      ]),
    ]);
    const [total] = parseRows(z.object({ n: integer }), counted.rows, 'count');
    return { total: total?.n ?? 0, groups: parseRows(groupRow, listed.rows, 'group') };
  }

  async noisiestRules(now: Date, limit: number): Promise<RuleNoise[]> {
    const dayAgo = new Date(now.getTime() - DAY_MS);
    const { rows } = await this.#q.query(
      `SELECT rule,
              count(*) FILTER (WHERE event_time > $2)::int AS last,
              count(*) FILTER (WHERE event_time <= $2)::int AS previous
         FROM alerts
        WHERE event_time > $1 AND event_time <= $3
        GROUP BY rule
       HAVING count(*) FILTER (WHERE event_time > $2) > 0
        ORDER BY last DESC, rule
        LIMIT $4`,
      [new Date(now.getTime() - 2 * DAY_MS), dayAgo, now, limit],
    );
    return parseRows(noiseRow, rows, 'rule noise');
  }

  async auditHead(): Promise<number> {
    const { rows } = await this.#q.query('SELECT coalesce(max(id), 0)::bigint AS head FROM audit_log');
    const [head] = parseRows(z.object({ head: integer }), rows, 'audit head');
    return head?.head ?? 0;
  }
}
