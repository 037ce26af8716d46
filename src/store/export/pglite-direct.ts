/**
 * PGlite on a data directory without the rest of the embedded store: no start-up check, no initdb, no migrations.
 * For `export-store`, which must read a damaged directory the check refuses, and `import-store`, which needs PGlite's
 * COPY to and from blobs. The data-directory lock still applies: the bot must not be running on it.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir, type LockOptions } from '../data-dir-lock.js';
import { PGLITE_CONF, PGLITE_SUBDIR } from '../pglite-conf.js';

export interface DirectPglite {
  readonly pg: PGlite;
  close(): Promise<void>;
}

/** Opens the initialised PGlite directory under `dataDir`; rejects when it is locked or PGlite cannot open it. */
export async function openPgliteDirect(dataDir: string, lock: LockOptions = {}): Promise<DirectPglite> {
  const held = await lockDataDir(dataDir, lock);
  try {
    const pg = await PGlite.create({
      dataDir: join(dataDir, PGLITE_SUBDIR),
      postgresqlconf: [...PGLITE_CONF],
    });
    return {
      pg,
      async close() {
        try {
          await pg.close();
        } finally {
          held.release();
        }
      },
    };
  } catch (error) {
    held.release();
    throw error;
  }
}
