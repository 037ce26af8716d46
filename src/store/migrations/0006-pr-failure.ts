import type { Migration } from './migration.js';

/**
 * Why a proposal's pull request could not be opened, as the workflow's PrFailure (a code and its facts, JSON): the
 * chat words it. Proposals that failed before keep their reason in words in status_reason.
 */
export const prFailure: Migration = {
  version: 6,
  name: 'pr-failure',
  sql: `
ALTER TABLE proposals ADD COLUMN pr_failure jsonb;
`,
};
