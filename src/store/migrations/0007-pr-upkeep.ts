import type { Migration } from './migration.js';

/**
 * Keeping open exception pull requests on top of their base branch: the base commit the bot last built the branch
 * on, the commits it made there (a head not among them was pushed by a person), and why it stopped (a PrHold, JSON).
 * Pull requests opened before have no recorded commits; the bot leaves them as they are.
 */
export const prUpkeep: Migration = {
  version: 7,
  name: 'pr-upkeep',
  sql: `
ALTER TABLE proposals ADD COLUMN pr_base_sha text;
ALTER TABLE proposals ADD COLUMN pr_bot_commits jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE proposals ADD COLUMN pr_hold jsonb;
`,
};
