/**
 * `falco-triage import-store`: loads an `export-store` export into a new embedded store, created and migrated as
 * the bot would on its first start. The work is in src/store/export; this file parses flags and prints.
 *
 * Exit status: 0 loaded; 1 loading failed (nothing was loaded); 2 bad usage (missing option, not an export, the
 * target holds data or is in use, the export comes from a newer schema).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importStore } from '../../store/index.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';

const usage = `Usage: falco-triage import-store --from DIR --data-dir DIR

Loads an export written by falco-triage export-store into a new embedded store in --data-dir (created and migrated
when needed; it must hold no data yet), in one transaction. Then start falco-triage with FALCO_TRIAGE_DATA_DIR set
to that directory. Stop falco-triage first if it runs on it.

Options:
  --from DIR       the export directory (holding manifest.json)
  --data-dir DIR   the new data directory
  -h, --help       show this help

Exit status: 0 loaded, 1 loading failed (nothing was loaded), 2 bad usage (not an export, the target holds data or
is in use, the export comes from a newer falco-triage).
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
    }));
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  if (values.from === undefined || values['data-dir'] === undefined)
    return usageError(io, '--from and --data-dir are required');
  const fromDir = path.resolve(io.cwd, values.from);
  const dataDir = path.resolve(io.cwd, values['data-dir']);

  const imported = await importStore(fromDir, dataDir, (table, rows) => {
    io.stdout(`${table.name}: ${rows} rows\n`);
  });
  if (!imported.ok) {
    io.stderr(`falco-triage import-store: ${imported.error.message}\n`);
    return imported.error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILED;
  }
  io.stderr(
    `Loaded ${imported.value.rows} rows into ${dataDir}. Start falco-triage with FALCO_TRIAGE_DATA_DIR=${dataDir}\n`,
  );
  return EXIT_OK;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`falco-triage import-store: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

export const importStoreCommand: CliCommand = {
  name: 'import-store',
  summary: 'Load an export-store export into a new embedded store',
  usage,
  run,
};
