import type { Migration } from './migration.js';

/** The deploy run's number as people see it ("deployed by run #812"); the run id is GitHub's internal one. */
export const deployRunNumber: Migration = {
  version: 5,
  name: 'deploy-run-number',
  sql: `
ALTER TABLE proposals ADD COLUMN deploy_run_number integer;
`,
};
