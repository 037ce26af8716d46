/**
 * `export-store`'s work: save what can still be read from an embedded data directory, damaged or not, while the bot
 * is stopped. Refused up front when the files show damage PostgreSQL cannot open past (PGlite would abort, or with
 * PG_VERSION gone, initialise a new database over the old one).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../errors.js';
import { err, ok, type Result } from '../../result.js';
import { PGLITE_SUBDIR } from '../pglite-conf.js';
import { checkPgliteFiles } from '../pglite-file-check.js';
import type { ExportManifest } from './export-manifest.js';
import { exportTables, type ExportProgress } from './export-tables.js';
import { openPgliteDirect } from './pglite-direct.js';

export interface StoreCopyProblem {
  /** `usage`: nothing was done (wrong directory, in use, target not empty); `failed`: it started and stopped. */
  readonly kind: 'usage' | 'failed';
  readonly message: string;
}

export async function exportStore(
  dataDir: string,
  outDir: string,
  progress: ExportProgress = {},
): Promise<Result<ExportManifest, StoreCopyProblem>> {
  const pgDir = join(dataDir, PGLITE_SUBDIR);
  if (!isNonEmptyDir(pgDir)) {
    return err({ kind: 'usage', message: `${dataDir} holds no embedded store (no ${pgDir} directory)` });
  }
  const blocking = checkPgliteFiles(pgDir, `${PGLITE_SUBDIR}/`).filter((finding) => finding.blocksOpening);
  if (blocking.length > 0) {
    const files = blocking.map((finding) => `  - ${join(dataDir, finding.file ?? '')}: ${finding.problem}`);
    return err({
      kind: 'failed',
      message: [
        `nothing can be read from ${dataDir}: PostgreSQL cannot open a data directory with this damage:`,
        ...files,
        'Restore the data directory from a backup instead.',
      ].join('\n'),
    });
  }
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    return err({ kind: 'usage', message: `${outDir} is not empty: export into a new directory` });
  }
  let opened;
  try {
    // Not waiting: a lock held means the bot runs on this directory.
    opened = await openPgliteDirect(dataDir, { waitMs: 0 });
  } catch (error) {
    return err({ kind: 'usage', message: `cannot open ${dataDir}: ${describeError(error)}` });
  }
  try {
    mkdirSync(outDir, { recursive: true });
    return ok(await exportTables(opened.pg, outDir, dataDir, progress));
  } catch (error) {
    return err({
      kind: 'failed',
      message: `reading ${dataDir} stopped: ${describeError(error)} (what was read so far is in ${outDir})`,
    });
  } finally {
    await opened.close().catch(() => undefined);
  }
}

function isNonEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length > 0;
  } catch {
    return false;
  }
}
