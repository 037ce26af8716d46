/**
 * `manifest.json` of a store export: what `export-store` wrote, table by table in the order they load (referenced
 * tables first), and what it could not read. `import-store` reads it back, so it is parsed with zod like any input.
 */
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const EXPORT_FORMAT = 'falco-triage-store-export';

/** A plain lower-case SQL identifier: table and column names are written into COPY statements. */
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a plain lower-case SQL identifier');

const unreadable = z.object({
  /** The first and last block (8 KB page) of the table file that could not be read. */
  fromBlock: z.number().int().nonnegative(),
  toBlock: z.number().int().nonnegative(),
  error: z.string(),
});

const exportedTable = z.object({
  name: identifier,
  columns: z.array(identifier).min(1),
  /** Columns fed by a sequence (identity or serial), reset to their maximum after loading. */
  sequenced: z.array(identifier),
  /** CSV files with a header line, relative to the export directory. */
  files: z.array(z.string().regex(/^[a-z_][a-z0-9_]*\/\d{6}\.csv$/)),
  rows: z.number().int().nonnegative(),
  unreadable: z.array(unreadable),
  /**
   * Rows counted through the primary key, or why that failed: a table file cut at a block boundary reads as a shorter
   * table, and only its index still knows the rows that were lost.
   */
  keyRows: z.number().int().nonnegative().optional(),
  keyError: z.string().optional(),
});

export const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  /** The data directory it was read from. */
  source: z.string(),
  /** The schema migrations applied to the source (empty when they could not be read). */
  migrations: z.array(z.number().int()),
  tables: z.array(exportedTable),
});

export type ExportManifest = z.infer<typeof manifestSchema>;
export type ExportedTable = z.infer<typeof exportedTable>;
export type UnreadableRange = z.infer<typeof unreadable>;
