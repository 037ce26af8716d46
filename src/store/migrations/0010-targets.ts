import type { Migration } from './migration.js';

/**
 * Targets (TARGETS_FILE): one bot serves several Falco deployments, so alerts, groups, proposals and mutes record
 * the target they belong to. Alerts and groups that matched no target, and those stored before targets, have none
 * (NULL); a mute without one applies to every target. Proposals always go to one target; those made before targets
 * went to the short form's repository, the target named `default`.
 */
export const targets: Migration = {
  version: 10,
  name: 'targets',
  sql: `
ALTER TABLE alerts ADD COLUMN falco_target text;
ALTER TABLE alert_groups ADD COLUMN falco_target text;
ALTER TABLE proposals ADD COLUMN falco_target text NOT NULL DEFAULT 'default';
ALTER TABLE mutes ADD COLUMN falco_target text;
-- The reconciler's per-target work lists (pull requests to follow, deploys to wait for).
CREATE INDEX proposals_target_status ON proposals (falco_target, status, updated_at);
`,
};
