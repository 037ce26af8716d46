import type { Migration } from './migration.js';

/** Lookup of any job (whatever its state) by coalesce key: "was this group's first post ever queued?". */
export const outboxCoalesceLookup: Migration = {
  version: 2,
  name: 'outbox-coalesce-lookup',
  sql: `
CREATE INDEX outbox_by_coalesce_key ON outbox (coalesce_key) WHERE coalesce_key IS NOT NULL;
`,
};
