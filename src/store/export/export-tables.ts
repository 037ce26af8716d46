/**
 * Writes every table of the embedded store's schema as CSV files, reading what can still be read.
 *
 * Tables are read by ranges of blocks (PostgreSQL's TID range scan), never through an index, so a damaged index
 * costs nothing and a damaged page costs only its own rows: a range that fails is split in halves down to single
 * blocks, and a single block whose page reads but a row of which does not (an out-of-line value gone) is read row
 * by row. What stays unreadable is listed in the manifest. A range of 1,024 blocks (8 MB) per file keeps each
 * COPY, and so PGlite's WebAssembly heap, small.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { describeError } from '../../errors.js';
import { BLOCK_SIZE } from '../pglite-file-check.js';
import {
  EXPORT_FORMAT,
  MANIFEST_FILE,
  type ExportManifest,
  type ExportedTable,
  type UnreadableRange,
} from './export-manifest.js';
import { loadScript, LOAD_SCRIPT } from './load-script.js';

const BLOCKS_PER_FILE = 1024;

interface TableInfo {
  readonly name: string;
  readonly blocks: number;
  readonly columns: string[];
  readonly sequenced: string[];
  readonly references: string[];
  /** The primary key's columns, quoted and comma-separated (null without one). */
  readonly key_columns: string | null;
  /** The primary key index's file (`base/5/16418`). */
  readonly key_file: string | null;
}

const TABLES_SQL = `
SELECT c.relname AS name,
       (pg_relation_size(c.oid) / ${BLOCK_SIZE})::int AS blocks,
       (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
       (SELECT coalesce(json_agg(a.attname ORDER BY a.attnum), '[]') FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL) AS sequenced,
       (SELECT coalesce(json_agg(DISTINCT r.relname), '[]') FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
         WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid) AS "references",
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
          FROM pg_index x, unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord), pg_attribute a
         WHERE x.indrelid = c.oid AND x.indisprimary AND a.attrelid = c.oid AND a.attnum = k.attnum) AS key_columns,
       (SELECT pg_relation_filepath(x.indexrelid) FROM pg_index x WHERE x.indrelid = c.oid AND x.indisprimary) AS key_file
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
ORDER BY c.relname`;

export interface ExportProgress {
  /** Called after each table with what was read from it. */
  readonly onTable?: (table: ExportedTable) => void;
}

/** Exports the store PGlite has open into the empty directory `outDir`; returns the manifest it wrote. */
export async function exportTables(
  pg: PGlite,
  outDir: string,
  source: string,
  progress: ExportProgress = {},
): Promise<ExportManifest> {
  const tables = loadOrder((await pg.query<TableInfo>(TABLES_SQL)).rows);
  const migrations = await pg
    .query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    .then((result) => result.rows.map((row) => Number(row.version)))
    .catch(() => []); // unreadable: import-store then cannot check the schema version, and says so
  const exported: ExportedTable[] = [];
  for (const table of tables) {
    const result = await exportTable(pg, table, outDir);
    exported.push(result);
    progress.onTable?.(result);
  }
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    source,
    migrations,
    tables: exported,
  };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(outDir, LOAD_SCRIPT), loadScript(manifest));
  return manifest;
}

async function exportTable(pg: PGlite, table: TableInfo, outDir: string): Promise<ExportedTable> {
  const files: string[] = [];
  const unreadable: UnreadableRange[] = [];
  let rows = 0;
  const columns = table.columns.map(quote).join(', ');
  const from = `ONLY ${quote(table.name)}`;

  const write = async (where: string): Promise<void> => {
    let result;
    try {
      result = await pg.query(
        `COPY (SELECT ${columns} FROM ${from} WHERE ${where}) TO '/dev/blob' WITH (FORMAT csv, HEADER true)`,
      );
    } catch (error) {
      await discardBlob(pg);
      throw error;
    }
    const count = result.affectedRows ?? 0;
    if (count === 0 || result.blob === undefined) return;
    const file = `${table.name}/${String(files.length + 1).padStart(6, '0')}.csv`;
    mkdirSync(join(outDir, table.name), { recursive: true });
    writeFileSync(join(outDir, file), Buffer.from(await result.blob.arrayBuffer()));
    files.push(file);
    rows += count;
  };

  const readBlocks = async (first: number, end: number): Promise<void> => {
    try {
      await write(`ctid >= '(${first},0)'::tid AND ctid < '(${end},0)'::tid`);
    } catch (error) {
      if (isAbort(error)) throw error;
      if (end - first > 1) {
        const middle = first + Math.floor((end - first) / 2);
        await readBlocks(first, middle);
        await readBlocks(middle, end);
      } else {
        await readRows(first, error);
      }
    }
  };

  // The page reads but a row does not (an out-of-line value is gone): keep the other rows.
  const readRows = async (block: number, blockError: unknown): Promise<void> => {
    let tids: string[];
    try {
      const listed = await pg.query<{ tid: string }>(
        `SELECT ctid::text AS tid FROM ${from} WHERE ctid >= '(${block},0)'::tid AND ctid < '(${block + 1},0)'::tid`,
      );
      tids = listed.rows.map((row) => row.tid);
    } catch {
      unreadable.push({ fromBlock: block, toBlock: block, error: describeError(blockError) });
      return;
    }
    for (const tid of tids) {
      try {
        await write(`ctid = '${tid}'::tid`);
      } catch (error) {
        if (isAbort(error)) throw error;
        unreadable.push({ fromBlock: block, toBlock: block, error: `row ${tid}: ${describeError(error)}` });
      }
    }
  };

  for (let first = 0; first < table.blocks; first += BLOCKS_PER_FILE) {
    await readBlocks(first, Math.min(table.blocks, first + BLOCKS_PER_FILE));
  }
  return {
    name: table.name,
    columns: table.columns,
    sequenced: table.sequenced,
    files,
    rows,
    unreadable,
    ...(await countByKey(pg, table)),
  };
}

/**
 * Rows counted by reading the table through its primary key (each row the index lists is fetched). A failure in the
 * index's own file is no loss (the rows were read without it) and is not reported.
 */
async function countByKey(pg: PGlite, table: TableInfo): Promise<{ keyRows?: number; keyError?: string }> {
  if (table.key_columns === null) return {};
  try {
    const results = await pg.exec(
      'SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off; ' +
        `SET enable_sort = off; SELECT count(*) AS n FROM (SELECT 1 FROM ONLY ${quote(table.name)} ` +
        `ORDER BY ${table.key_columns}) AS ordered; RESET ALL`,
    );
    const counted = results.find((result) => result.fields.some((field) => field.name === 'n'));
    return { keyRows: Number((counted?.rows[0] as { n?: unknown } | undefined)?.n ?? 0) };
  } catch (error) {
    if (isAbort(error)) throw error;
    const message = describeError(error);
    return table.key_file !== null && message.includes(`"${table.key_file}"`) ? {} : { keyError: message };
  } finally {
    await pg.exec('RESET ALL').catch(() => undefined);
  }
}

/** Referenced tables before the tables that reference them (foreign keys hold while loading). */
function loadOrder(tables: readonly TableInfo[]): TableInfo[] {
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (table: TableInfo, path: ReadonlySet<string>): void => {
    if (placed.has(table.name) || path.has(table.name)) return;
    for (const name of table.references) {
      const referenced = tables.find((candidate) => candidate.name === name);
      if (referenced !== undefined) visit(referenced, new Set([...path, table.name]));
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/**
 * PGlite (0.5.17) keeps what a failed COPY TO '/dev/blob' wrote and hands it out with the next COPY's output: rows
 * that the retry of a smaller range writes again. An empty COPY takes the leftovers, which are dropped.
 */
async function discardBlob(pg: PGlite): Promise<void> {
  await pg.query(`COPY (SELECT 1 WHERE false) TO '/dev/blob'`).catch(() => undefined);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && /Aborted\(\)/.test(error.message);
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
