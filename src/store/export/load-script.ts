/**
 * `load-postgres.sql` of a store export: a psql script that loads it into PostgreSQL (DATABASE_URL) in one
 * transaction. The tables must exist and be empty: falco-triage creates them when it first starts on the database.
 * A new embedded store is loaded with `falco-triage import-store` instead (PGlite has no psql).
 */
import type { ExportManifest } from './export-manifest.js';

export const LOAD_SCRIPT = 'load-postgres.sql';

export function loadScript(manifest: ExportManifest): string {
  const copies = manifest.tables
    .filter((table) => table.name !== 'schema_migrations')
    .flatMap((table) =>
      table.files.map(
        (file) =>
          `\\copy ${table.name} (${table.columns.join(', ')}) FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      ),
    );
  const sequences = manifest.tables.flatMap((table) =>
    table.sequenced.map(
      (column) =>
        `SELECT setval(pg_get_serial_sequence('${table.name}', '${column}'), max(${column})) ` +
        `FROM ${table.name} HAVING max(${column}) IS NOT NULL;`,
    ),
  );
  return [
    `-- A falco-triage store export (${manifest.exportedAt}, from ${manifest.source.replace(/\s+/g, ' ')}), for PostgreSQL.`,
    '-- 1. Start falco-triage once with DATABASE_URL set to the new, empty database (it creates the tables), stop it.',
    '-- 2. From this directory: psql "$DATABASE_URL" -f load-postgres.sql',
    '\\set ON_ERROR_STOP on',
    'BEGIN;',
    ...copies,
    ...sequences,
    'COMMIT;',
    '',
  ].join('\n');
}
