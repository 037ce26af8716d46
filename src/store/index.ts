/**
 * The store adapter: PostgreSQL (PGlite embedded, or a server through DATABASE_URL) implementing the workflow's
 * store port, with migrations, group commit and the data-directory lock.
 * May import: the workflow's ports.
 */
export { createGroupCommit } from './group-commit.js';
export { newId } from './ids.js';
export { openStore, type OpenStoreOptions, type Store, type StoreRepos } from './store.js';
