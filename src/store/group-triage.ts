/**
 * The triage columns of `alert_groups` (migration 0009): writing a group's triage state with the status that follows
 * from it, recording the escalation's announcement once, and the summary `/falco status` shows. The workflow locks
 * the group (`lockForTriage`), decides from what it read, and saves in the same transaction, so two people acting at
 * once are applied one after the other, each deciding on the other's result.
 */
import type { Queryable } from './database.js';
import { groupRow } from './group-row.js';
import { integer, parseRows } from './rows.js';
import {
  triageStatus,
  type AlertGroup,
  type GroupTriage,
  type TriagedGroup,
  type TriageSummary,
} from '../triage/ports/index.js';

export async function lockForTriage(q: Queryable, id: string): Promise<AlertGroup | undefined> {
  const { rows } = await q.query('SELECT * FROM alert_groups WHERE id = $1 FOR UPDATE', [id]);
  return parseRows(groupRow, rows, 'group')[0];
}

export async function saveTriage(
  q: Queryable,
  id: string,
  triage: GroupTriage,
  now: Date,
): Promise<AlertGroup | undefined> {
  const { acknowledged, assignee, resolution, escalation } = triage;
  const { rows } = await q.query(
    `UPDATE alert_groups SET state = $2, acknowledged_by = $3, acknowledged_at = $4,
       assignee = $5, assigned_by = $6, assigned_at = $7,
       resolution = $8, resolution_note = $9, resolved_by = $10, resolved_at = $11,
       escalated_to = $12, escalated_by = $13, escalated_at = $14, escalation_ts = $15, updated_at = $16
     WHERE id = $1 RETURNING *`,
    [
      id,
      triageStatus(triage),
      acknowledged?.by ?? null,
      acknowledged?.at ?? null,
      assignee?.user ?? null,
      assignee?.by ?? null,
      assignee?.at ?? null,
      resolution?.kind ?? null,
      resolution?.note ?? null,
      resolution?.by ?? null,
      resolution?.at ?? null,
      escalation?.usergroup ?? null,
      escalation?.by ?? null,
      escalation?.at ?? null,
      escalation?.announcedTs ?? null,
      now,
    ],
  );
  return parseRows(groupRow, rows, 'group')[0];
}

export async function setEscalationAnnounced(
  q: Queryable,
  id: string,
  ts: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE alert_groups SET escalation_ts = $2, updated_at = $3
     WHERE id = $1 AND escalated_to IS NOT NULL AND escalation_ts IS NULL`,
    [id, ts, now],
  );
  return rowCount === 1;
}

interface Counts {
  readonly open: number;
  readonly acknowledged: number;
  readonly escalated: number;
  readonly benign: number;
  readonly true_positive: number;
}

function triaged(group: AlertGroup): TriagedGroup {
  return {
    groupId: group.id,
    rule: group.rule,
    channel: group.channel,
    slackTs: group.slackTs,
    count: group.count,
    lastSeen: group.lastSeen,
    status: triageStatus(group.triage),
    triage: group.triage,
  };
}

/**
 * Counts by status over the groups last seen since `since` (resolutions: resolved since `since`), and two short
 * lists: what needs someone (escalated first, then unacknowledged, newest first) and the latest resolutions.
 */
export async function triageSummary(q: Queryable, since: Date, limit: number): Promise<TriageSummary> {
  const counts = await q.query<Record<keyof Counts, unknown>>(
    `SELECT count(*) FILTER (WHERE state = 'open' AND last_seen >= $1) AS open,
            count(*) FILTER (WHERE state = 'acknowledged' AND last_seen >= $1) AS acknowledged,
            count(*) FILTER (WHERE state <> 'resolved' AND escalated_at IS NOT NULL AND last_seen >= $1) AS escalated,
            count(*) FILTER (WHERE resolution = 'benign' AND resolved_at >= $1) AS benign,
            count(*) FILTER (WHERE resolution = 'true_positive' AND resolved_at >= $1) AS true_positive
     FROM alert_groups WHERE last_seen >= $1 OR resolved_at >= $1`,
    [since],
  );
  const row = counts.rows[0];
  const number = (value: unknown): number => integer.parse(value ?? 0);
  const attention = await q.query(
    `SELECT * FROM alert_groups WHERE state <> 'resolved' AND last_seen >= $1
     ORDER BY (escalated_at IS NOT NULL) DESC, (state = 'open') DESC, last_seen DESC, id LIMIT $2`,
    [since, limit],
  );
  const resolved = await q.query(
    'SELECT * FROM alert_groups WHERE resolved_at >= $1 ORDER BY resolved_at DESC, id LIMIT $2',
    [since, limit],
  );
  return {
    open: number(row?.open),
    acknowledged: number(row?.acknowledged),
    escalated: number(row?.escalated),
    resolvedBenign: number(row?.benign),
    resolvedTruePositive: number(row?.true_positive),
    attention: parseRows(groupRow, attention.rows, 'group').map(triaged),
    resolved: parseRows(groupRow, resolved.rows, 'group').map(triaged),
  };
}
