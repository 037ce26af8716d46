/**
 * The store adapter: PostgreSQL (PGlite embedded, or a server through DATABASE_URL) implementing the workflow's
 * store port, with migrations, group commit and the data-directory lock.
 * May import: the workflow's ports.
 */
export { createGroupCommit, type GroupCommitWriter } from './group-commit.js';
export { newId } from './ids.js';
export { readDatabaseFigures, type DatabaseFigures, PULL_REQUEST_STATES } from './database-figures.js';
export { openMetricsReporterLock, type MetricsReporterLock } from './metrics-reporter-lock.js';
export { postgresAddress, probePostgres, type ProbeFailure } from './postgres-probe.js';
export { openStore, type OpenStoreOptions, type Store, type StoreRepos } from './store.js';
export { type RuntimeDamage } from './damage-monitor.js';
export { PGLITE_SUBDIR } from './pglite-conf.js';
export { pgliteSeed, pgliteSeedPath } from './pglite-seed.js';
export { type StartupCheckReport } from './startup-check.js';
export { BACKUP_DOCS, StoreDamagedError } from './store-damage.js';
export { type ExportedTable } from './export/export-manifest.js';
export { exportStore } from './export/export-store.js';
export { importStore } from './export/import-store.js';
export { LOAD_SCRIPT } from './export/load-script.js';
