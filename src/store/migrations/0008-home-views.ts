import type { Migration } from './migration.js';

/**
 * Who opened their App Home and when: their home is published again when something it shows changes, for as long as
 * they may be looking. (No index on alert_groups.last_seen for its "unacknowledged groups": intake updates last_seen
 * with every alert, and an indexed column would cost those updates PostgreSQL's HOT path.)
 */
export const homeViews: Migration = {
  version: 8,
  name: 'home-views',
  sql: `
CREATE TABLE home_views (
  user_id   text PRIMARY KEY,
  opened_at timestamptz NOT NULL
);
`,
};
