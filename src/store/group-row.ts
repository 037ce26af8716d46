/**
 * An alert group as stored (`alert_groups`): the row schema and the types of the groups repository.
 */
import { z } from 'zod';
import { integer, nullableText, nullableTimestamp, timestamp } from './rows.js';
import type { AlertGroup } from '../triage/ports/index.js';

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
    state: z.enum(['open', 'acknowledged']),
    acknowledged_by: nullableText,
    acknowledged_at: nullableTimestamp,
    muted_until: nullableTimestamp,
    closed_at: nullableTimestamp,
    updated_at: timestamp,
    falco_target: nullableText,
  })
  .transform((row): AlertGroup => ({
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
    falcoTarget: row.falco_target,
  }));
