/**
 * The PostgreSQL settings every PGlite instance on a data directory runs with: the bot's own and the start-up check's
 * child. PGlite writes them as the directory's postgresql.conf at every start, so the two must agree.
 *
 * PostgreSQL's 128 MB default cache lives in the WebAssembly heap, on top of the OS page cache that holds the same
 * files: 16 MB saves about 130 MB of resident memory (bench/storm.bench.ts peak: 540 → 400 MB) at no measurable
 * intake cost (intake writes are appends; their hot pages are few).
 */
export const PGLITE_CONF: readonly string[] = ['shared_buffers = 16MB'];

/** PGlite's files live in this sub-directory of the data directory; the lock file sits beside it. */
export const PGLITE_SUBDIR = 'pglite';
