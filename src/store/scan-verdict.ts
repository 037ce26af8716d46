/**
 * What the child's scan of the data directory means: damage (findings naming files), a scan the watchdog cut short
 * after PGlite opened (a large store, not a damaged one: start, and say which tables went unread), or a clean bill.
 */
import type { ScanOutcome, TableScan } from './pglite-scan.js';
import type { DamageFinding } from './store-damage.js';

export interface ScanVerdict {
  readonly findings: readonly DamageFinding[];
  /** Tables not read because the watchdog fired after PGlite had opened the directory. */
  readonly unread: readonly string[];
  readonly tables: number;
  readonly rows: number;
}

/** `prefix`: the PGlite directory relative to the data directory, e.g. `pglite/`. */
export function scanVerdict(outcome: ScanOutcome, timeoutMs: number, prefix: string): ScanVerdict {
  const rows = outcome.tables.reduce((sum, table) => sum + (table.rows ?? 0), 0);
  const verdict = (findings: DamageFinding[], unread: readonly string[] = []): ScanVerdict => ({
    findings,
    unread,
    tables: outcome.tables.length,
    rows,
  });
  const said = postgresSaid(outcome.log);
  if (outcome.openMs === undefined) {
    const why = outcome.timedOut
      ? `PGlite did not open it within ${Math.round(timeoutMs / 1000)} s (FALCO_TRIAGE_STARTUP_CHECK_SECONDS)`
      : `PGlite cannot open it (${outcome.openError?.message ?? outcome.ended})`;
    return verdict([
      {
        file: fileIn(said, prefix),
        problem: said === undefined ? why : `${why}; PostgreSQL said: ${said}`,
        blocksOpening: true,
      },
    ]);
  }
  if (outcome.catalogError !== undefined) {
    const message = describe(outcome.catalogError);
    return verdict([
      {
        file: fileIn(message, prefix),
        problem: `its catalog cannot be read: ${message}`,
        blocksOpening: false,
      },
    ]);
  }
  const findings = outcome.tables.flatMap((table) => tableFindings(table, prefix));
  if (!outcome.finished && !outcome.timedOut) {
    // The child died on its own after opening (a WebAssembly abort while reading a table).
    const last = outcome.unread[0];
    findings.push({
      file: fileIn(said, prefix),
      problem:
        `PGlite stopped (${outcome.ended}) while reading ${last === undefined ? 'the tables' : `table ${last}`}` +
        (said === undefined ? '' : `; PostgreSQL said: ${said}`),
      blocksOpening: false,
    });
  }
  return verdict(findings, outcome.timedOut ? outcome.unread : []);
}

function tableFindings(table: TableScan, prefix: string): DamageFinding[] {
  if (table.error !== undefined) {
    const message = describe(table.error);
    const file = fileIn(message, prefix);
    const what =
      table.indexFile !== null && file === `${prefix}${table.indexFile}`
        ? `index ${table.indexName ?? ''} of table ${table.name}`
        : `table ${table.name}`;
    return [
      {
        file: file ?? `${prefix}${table.file}`,
        problem: `${what} cannot be read: ${message}`,
        blocksOpening: false,
      },
    ];
  }
  if (table.indexRows !== undefined && table.rows !== table.indexRows) {
    const index = `${table.indexName ?? 'its index'}${table.indexFile === null ? '' : ` (${prefix}${table.indexFile})`}`;
    return [
      {
        file: `${prefix}${table.file}`,
        problem:
          `table ${table.name} has ${String(table.rows)} rows when read in order but ${table.indexRows} through ` +
          `${index}: the table or that index is cut short`,
        blocksOpening: false,
      },
    ];
  }
  return [];
}

/** The line of PostgreSQL's log that says why it stopped (PANIC, FATAL, ERROR) with its DETAIL, if any. */
function postgresSaid(log: readonly string[]): string | undefined {
  const index = log.findLastIndex((line) => /^(PANIC|FATAL|ERROR):/.test(line));
  if (index < 0) return undefined;
  const detail = log[index + 1]?.startsWith('DETAIL:') === true ? ` ${log[index + 1] ?? ''}` : '';
  // A "could not read from WAL segment" LOG line before a PANIC names the segment the PANIC does not.
  const cause = log
    .slice(0, index)
    .findLast((line) => line.startsWith('LOG:') && fileIn(line, '') !== undefined);
  const text = `${log[index] ?? ''}${detail}${cause === undefined ? '' : ` (after ${cause})`}`;
  return text.replace(/\s+/g, ' ').trim();
}

/** The first data-directory file a PostgreSQL message names: `file "base/5/16396"`, `WAL segment 0000…`. */
function fileIn(message: string | undefined, prefix: string): string | undefined {
  if (message === undefined) return undefined;
  const quoted = /(?:file|relation) "((?:global|base|pg_[a-z_]+)\/[^"]+)"/.exec(message)?.[1];
  if (quoted !== undefined) return `${prefix}${quoted}`;
  const segment = /WAL segment ([0-9A-F]{24})/.exec(message)?.[1];
  return segment === undefined ? undefined : `${prefix}pg_wal/${segment}`;
}

function describe(error: { message: string; code?: string | undefined }): string {
  return error.code === undefined ? error.message : `${error.message} (SQLSTATE ${error.code})`;
}
