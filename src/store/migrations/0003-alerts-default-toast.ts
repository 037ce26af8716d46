import type { Migration } from './migration.js';

/**
 * Migration 1 kept alert rows under 8 KB uncompressed (toast_tuple_target = 8160), expecting compression to cost
 * intake CPU. Measured on PGlite with the 0.44.1 fixture alert (about 3 KB per row): no measurable insert cost either
 * way, and TOAST's compression makes the table about a quarter smaller. Back to PostgreSQL's default.
 */
export const alertsDefaultToast: Migration = {
  version: 3,
  name: 'alerts-default-toast',
  sql: `
ALTER TABLE alerts RESET (toast_tuple_target);
`,
};
