import type { Migration } from './migration.js';

/**
 * Proposals may use the `condition` strategy (`append: true` + `condition: and not (...)`): the only rule-scoped
 * option on Falco versions without usable exceptions (before 0.32).
 */
export const conditionStrategy: Migration = {
  version: 4,
  name: 'condition-strategy',
  sql: `
ALTER TABLE proposals DROP CONSTRAINT proposals_strategy_check;
ALTER TABLE proposals ADD CONSTRAINT proposals_strategy_check
  CHECK (strategy IN ('exception', 'list', 'macro', 'condition'));
`,
};
