import type { Migration } from './migration.js';

/**
 * The grouping backlog: intake's transaction stores the alerts and, in the same commit, a row here saying what the
 * new ones need for grouping (fingerprint, channels, count, samples). A grouping pass takes rows, counts their alerts
 * into groups and queues the Slack work, and deletes the rows, all in its own transaction. So a 202 costs only the
 * alert rows, and after a crash the rows still here are grouped by the next pass: every alert is counted once.
 * `json`, not `jsonb`: written once and read once whole, so it is not worth PostgreSQL's parse into jsonb.
 */
export const groupingBacklog: Migration = {
  version: 11,
  name: 'grouping-backlog',
  sql: `
CREATE TABLE grouping_backlog (
  id bigserial PRIMARY KEY,
  -- How many alerts its items count: a pass takes rows up to a number of alerts, not of rows.
  size integer NOT NULL,
  items json NOT NULL
);
`,
};
