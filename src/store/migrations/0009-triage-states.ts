import type { Migration } from './migration.js';

/**
 * Triage states on alert groups: acknowledged (already there), assigned, resolved (benign or true positive, with a
 * note), escalated to a user group (and the thread reply that mentioned it, so it is mentioned once). The status
 * column gains `resolved`. `slack_events` remembers the Events API deliveries already handled (Slack retries and
 * duplicates carry the same event_id); rows older than a day are forgotten as new ones arrive.
 *
 * No index on last_seen: intake updates it with every alert, and an indexed column would cost those updates their
 * HOT path; /falco status scans the recent groups instead.
 *
 * Version 9, not 7: other branches in flight add 7 and 8; versions only have to increase.
 */
export const triageStates: Migration = {
  version: 9,
  name: 'triage-states',
  sql: `
ALTER TABLE alert_groups DROP CONSTRAINT alert_groups_state_check;
ALTER TABLE alert_groups ADD CONSTRAINT alert_groups_state_check
  CHECK (state IN ('open', 'acknowledged', 'resolved'));
ALTER TABLE alert_groups
  ADD COLUMN assignee          text,
  ADD COLUMN assigned_by       text,
  ADD COLUMN assigned_at       timestamptz,
  ADD COLUMN resolution        text CHECK (resolution IN ('benign', 'true_positive')),
  ADD COLUMN resolution_note   text,
  ADD COLUMN resolved_by       text,
  ADD COLUMN resolved_at       timestamptz,
  ADD COLUMN escalated_to      text,
  ADD COLUMN escalated_by      text,
  ADD COLUMN escalated_at      timestamptz,
  ADD COLUMN escalation_ts     text;

CREATE TABLE slack_events (
  event_id     text PRIMARY KEY,
  received_at  timestamptz NOT NULL
);
CREATE INDEX slack_events_received ON slack_events (received_at);
`,
};
