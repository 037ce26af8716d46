import type { Migration } from './migration.js';

/**
 * Who opened their App Home and when: their home is published again when something it shows changes, for as long as
 * they may be looking. The index serves App Home's "unacknowledged groups" (open groups by last alert).
 */
export const homeViews: Migration = {
  version: 8,
  name: 'home-views',
  sql: `
CREATE TABLE home_views (
  user_id   text PRIMARY KEY,
  opened_at timestamptz NOT NULL
);
CREATE INDEX alert_groups_open_recent ON alert_groups (last_seen) WHERE state = 'open';
`,
};
