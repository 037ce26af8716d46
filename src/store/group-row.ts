/**
 * An alert group as stored (`alert_groups`): the row schema and the types of the groups repository.
 */
import { z } from 'zod';
import { integer, nullableText, nullableTimestamp, timestamp } from './rows.js';
import type { AlertGroup, GroupTriage, TriageStamp } from '../triage/ports/index.js';

/** Triage columns (migration 0009); absent from rows of code paths that never select them. */
const triageColumns = {
  assignee: nullableText.optional(),
  assigned_by: nullableText.optional(),
  assigned_at: nullableTimestamp.optional(),
  resolution: z.enum(['benign', 'true_positive']).nullable().optional(),
  resolution_note: nullableText.optional(),
  resolved_by: nullableText.optional(),
  resolved_at: nullableTimestamp.optional(),
  escalated_to: nullableText.optional(),
  escalated_by: nullableText.optional(),
  escalated_at: nullableTimestamp.optional(),
  escalation_ts: nullableText.optional(),
};

function stamp(by: string | null | undefined, at: Date | null | undefined): TriageStamp | undefined {
  return by === null || by === undefined || at === null || at === undefined ? undefined : { by, at };
}

/** A row of `alert_groups` as the repositories return it. */
export const groupRow = z
  .object({
    id: z.string(),
    fingerprint: z.string(),
    channel: z.string(),
    rule: z.string(),
    first_alert_id: z.string(),
    last_alert_id: z.string(),
    count: integer,
    first_seen: timestamp,
    last_seen: timestamp,
    samples: z.record(z.string(), z.array(z.string())),
    slack_ts: nullableText,
    state: z.enum(['open', 'acknowledged', 'resolved']),
    acknowledged_by: nullableText,
    acknowledged_at: nullableTimestamp,
    muted_until: nullableTimestamp,
    closed_at: nullableTimestamp,
    updated_at: timestamp,
    ...triageColumns,
    falco_target: nullableText,
  })
  .transform((row): AlertGroup => {
    const assigned = stamp(row.assigned_by, row.assigned_at);
    const resolved = stamp(row.resolved_by, row.resolved_at);
    const escalated = stamp(row.escalated_by, row.escalated_at);
    const triage: GroupTriage = {
      acknowledged: stamp(row.acknowledged_by, row.acknowledged_at),
      assignee:
        assigned === undefined || row.assignee === null || row.assignee === undefined
          ? undefined
          : { ...assigned, user: row.assignee },
      resolution:
        resolved === undefined || row.resolution === null || row.resolution === undefined
          ? undefined
          : { ...resolved, kind: row.resolution, note: row.resolution_note ?? undefined },
      escalation:
        escalated === undefined || row.escalated_to === null || row.escalated_to === undefined
          ? undefined
          : { ...escalated, usergroup: row.escalated_to, announcedTs: row.escalation_ts ?? undefined },
    };
    return {
      id: row.id,
      fingerprint: row.fingerprint,
      channel: row.channel,
      rule: row.rule,
      firstAlertId: row.first_alert_id,
      lastAlertId: row.last_alert_id,
      count: row.count,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      samples: row.samples,
      slackTs: row.slack_ts,
      state: row.state,
      acknowledgedBy: row.acknowledged_by,
      acknowledgedAt: row.acknowledged_at,
      mutedUntil: row.muted_until,
      closedAt: row.closed_at,
      updatedAt: row.updated_at,
      triage,
      falcoTarget: row.falco_target,
    };
  });
