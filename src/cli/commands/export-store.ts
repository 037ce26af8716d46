/**
 * `falco-triage export-store`: saves what can still be read from an embedded store's data directory (the bot
 * stopped, or a damaged directory moved aside) as CSV files, with a psql script for PostgreSQL and a manifest that
 * `import-store` loads into a new embedded store. The work is in src/store/export; this file parses flags and prints.
 *
 * Exit status: 0 every table read in full; 1 something could not be read (the rest is written) or reading stopped;
 * 2 bad usage (missing option, no store there, the bot running on it, --out not empty).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportedTable } from '../../store/index.js';
import { exportStore } from '../../store/index.js';
import { LOAD_SCRIPT } from '../../store/index.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';

const usage = `Usage: falco-triage export-store --data-dir DIR --out DIR

Writes what can still be read from an embedded store (FALCO_TRIAGE_DATA_DIR) into a new directory: each table as
CSV files, manifest.json, and ${LOAD_SCRIPT} for PostgreSQL. Stop falco-triage first (or export from a copy).
Tables are read page range by page range, never through an index; pages that cannot be read are skipped and listed.

Load the export into a new embedded store with
  falco-triage import-store --from DIR --data-dir NEW_DATA_DIR
or into PostgreSQL (after falco-triage has created its tables there) with
  cd DIR && psql "$DATABASE_URL" -f ${LOAD_SCRIPT}

Options:
  --data-dir DIR   the data directory to read (the one holding pglite/)
  --out DIR        where to write the export (created; must be empty)
  -h, --help       show this help

Exit status: 0 every table read in full, 1 some pages could not be read (the rest is written) or reading stopped,
2 bad usage (no store in --data-dir, falco-triage running on it, --out not empty).
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: { 'data-dir': { type: 'string' }, out: { type: 'string' } },
    }));
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  if (values['data-dir'] === undefined || values.out === undefined)
    return usageError(io, '--data-dir and --out are required');
  const dataDir = path.resolve(io.cwd, values['data-dir']);
  const outDir = path.resolve(io.cwd, values.out);

  const exported = await exportStore(dataDir, outDir, {
    onTable: (table) => {
      const files = `${table.files.length} file${table.files.length === 1 ? '' : 's'}`;
      io.stdout(`${table.name}: ${table.rows} rows (${files})\n`);
      for (const problem of incomplete(table)) io.stdout(`  ${problem}\n`);
    },
  });
  if (!exported.ok) {
    io.stderr(`falco-triage export-store: ${exported.error.message}\n`);
    return exported.error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILED;
  }
  const lost = exported.value.tables.filter((table) => incomplete(table).length > 0);
  const verdict =
    lost.length === 0
      ? 'Every table was read in full.'
      : `${lost.map((table) => table.name).join(', ')} could not be read in full (see above).`;
  io.stderr(
    `${verdict}\nWritten to ${outDir}. Load it with: falco-triage import-store --from ${outDir} --data-dir NEW_DATA_DIR\n`,
  );
  return lost.length === 0 ? EXIT_OK : EXIT_FAILED;
}

/** What was lost from a table, one line each. */
function incomplete(table: ExportedTable): string[] {
  const lines = table.unreadable.map((range) => {
    const blocks =
      range.fromBlock === range.toBlock
        ? `block ${range.fromBlock}`
        : `blocks ${range.fromBlock}-${range.toBlock}`;
    return `unreadable ${blocks}: ${range.error}`;
  });
  // The same unreadable page, met again through the key, is not news.
  const known = table.unreadable.some((range) => table.keyError?.includes(range.error) === true);
  if (table.keyError !== undefined && !known)
    lines.push(`reading it through its primary key fails: ${table.keyError}`);
  else if (table.keyRows !== undefined && table.keyRows > table.rows)
    lines.push(
      `its primary key lists ${table.keyRows} rows: ${table.keyRows - table.rows} could not be read`,
    );
  return lines;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`falco-triage export-store: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

export const exportStoreCommand: CliCommand = {
  name: 'export-store',
  summary: 'Save what can still be read from an embedded store (CSV, for import-store or psql)',
  usage,
  run,
};
