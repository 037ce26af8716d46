/**
 * Loads a store export's CSV files into the store PGlite has open, in one transaction: all of it or nothing.
 * Identity and serial columns take the exported values (COPY writes them as given); their sequences are then moved
 * past the highest one, so new rows do not collide.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ExportManifest, ExportedTable } from './export-manifest.js';

export async function importTables(
  pg: PGlite,
  fromDir: string,
  manifest: ExportManifest,
  onTable?: (table: ExportedTable, rows: number) => void,
): Promise<number> {
  // The target store records its own migrations.
  const tables = manifest.tables.filter((table) => table.name !== 'schema_migrations');
  return pg.transaction(async (tx) => {
    let total = 0;
    for (const table of tables) {
      let rows = 0;
      for (const file of table.files) {
        const blob = new Blob([readFileSync(join(fromDir, file))]);
        const result = await tx.query(
          `COPY "${table.name}" (${table.columns.map((column) => `"${column}"`).join(', ')}) ` +
            `FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`,
          [],
          { blob },
        );
        rows += result.affectedRows ?? 0;
      }
      for (const column of table.sequenced) {
        await tx.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), max("${column}")) FROM "${table.name}" ` +
            `HAVING max("${column}") IS NOT NULL`,
          [table.name, column],
        );
      }
      total += rows;
      onTable?.(table, rows);
    }
    return total;
  });
}
