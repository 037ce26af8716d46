/**
 * `import-store`'s work: load a store export into a new embedded store. The data directory is created and migrated
 * like the bot does on its first start; it must hold no data yet, and the export must not come from a newer schema
 * than this build's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../errors.js';
import { err, ok, type Result } from '../../result.js';
import { MIGRATIONS } from '../migrations/index.js';
import { openStore } from '../store.js';
import { manifestSchema, MANIFEST_FILE, type ExportManifest, type ExportedTable } from './export-manifest.js';
import type { StoreCopyProblem } from './export-store.js';
import { importTables } from './import-tables.js';
import { openPgliteDirect } from './pglite-direct.js';

export interface ImportReport {
  readonly manifest: ExportManifest;
  readonly rows: number;
}

export async function importStore(
  fromDir: string,
  dataDir: string,
  onTable?: (table: ExportedTable, rows: number) => void,
): Promise<Result<ImportReport, StoreCopyProblem>> {
  const manifest = readManifest(fromDir);
  if (!manifest.ok) return manifest;
  const newest = Math.max(0, ...MIGRATIONS.map((migration) => migration.version));
  const exported = Math.max(0, ...manifest.value.migrations);
  if (exported > newest) {
    return err({
      kind: 'usage',
      message: `the export comes from a newer falco-triage (schema ${exported}; this one knows up to ${newest}): import it with that version`,
    });
  }
  const prepared = await prepareTarget(dataDir, manifest.value);
  if (!prepared.ok) return prepared;
  let opened;
  try {
    opened = await openPgliteDirect(dataDir, { waitMs: 0 });
  } catch (error) {
    return err({ kind: 'usage', message: `cannot open ${dataDir}: ${describeError(error)}` });
  }
  try {
    const rows = await importTables(opened.pg, fromDir, manifest.value, onTable);
    return ok({ manifest: manifest.value, rows });
  } catch (error) {
    return err({ kind: 'failed', message: `loading failed, nothing was loaded: ${describeError(error)}` });
  } finally {
    await opened.close().catch(() => undefined);
  }
}

function readManifest(fromDir: string): Result<ExportManifest, StoreCopyProblem> {
  const path = join(fromDir, MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    return err({ kind: 'usage', message: `cannot read ${path}: ${describeError(error)}` });
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) {
    const issue = manifest.error.issues[0];
    return err({
      kind: 'usage',
      message:
        `${path} is not a falco-triage store export: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    });
  }
  return ok(manifest.data);
}

/** Creates (or opens) the target store, migrated; refuses one that already holds data. */
async function prepareTarget(
  dataDir: string,
  manifest: ExportManifest,
): Promise<Result<undefined, StoreCopyProblem>> {
  let store;
  try {
    store = await openStore({ kind: 'embedded', dataDir }, { lock: { waitMs: 0 } });
  } catch (error) {
    return err({ kind: 'usage', message: `cannot open ${dataDir}: ${describeError(error)}` });
  }
  try {
    for (const table of manifest.tables) {
      if (table.name === 'schema_migrations') continue;
      const { rows } = await store.db.query<{ any: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM "${table.name}") AS any`,
      );
      if (rows[0]?.any === true) {
        return err({
          kind: 'usage',
          message: `${dataDir} already holds data (table ${table.name}): import into a new data directory`,
        });
      }
    }
    return ok(undefined);
  } catch (error) {
    return err({ kind: 'failed', message: `cannot check ${dataDir}: ${describeError(error)}` });
  } finally {
    await store.close();
  }
}
