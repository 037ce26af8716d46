/**
 * The second half of the start-up check: PGlite opens the data directory in a child process and reads every table.
 *
 * A child, because what PGlite does on a damaged directory cannot be caught in-process: PostgreSQL PANICs and the
 * WebAssembly build aborts, or (reported with a cut relation map) it neither serves nor exits. A watchdog kills a
 * child that runs longer than allowed. The child also runs PostgreSQL with `debug: 1`, which prints its log on
 * stderr: the PANIC and FATAL lines name the file PGlite itself only calls `Aborted()`.
 *
 * Every table of every user schema (and its TOAST table) is read twice: once in physical order, which reads each
 * page (and so checks each page's header), and once in the order of its primary key (or another unique index),
 * which fetches each row the index points to. A table file cut at a block boundary looks like a shorter table to
 * the first read; the second fails with "could not read blocks", or the two counts differ. Secondary indexes are
 * only checked by size (pglite-file-check.ts); damage in them shows up at run time (damage-monitor.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { PGLITE_CONF } from './pglite-conf.js';

/** Marks the child's own stdout lines (PGlite may print on stdout too). */
const MARK = '@@falco-triage-check ';
const LOG_KEPT = 30;

// CommonJS, run with `node -e` (so it runs the same from src/ under tsx, from dist/ and from a bundle):
// argv[1] PGlite's CommonJS entry, argv[2] the directory, argv[3] the discovery SQL, argv[4] the settings (JSON).
const CHILD_SCRIPT = `
const { PGlite } = require(process.argv[1]);
const say = (event) => process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify(event) + '\\n');
const errorOf = (e) => ({ message: String((e && e.message) || e), code: e && typeof e.code === 'string' ? e.code : undefined });
const countOf = async (pg, sql) => { const results = await pg.exec(sql); return Number(results[results.length - 1].rows[0].n); };
(async () => {
  const started = Date.now();
  let pg;
  try {
    pg = await PGlite.create({ dataDir: process.argv[2], debug: 1, postgresqlconf: JSON.parse(process.argv[4]) });
  } catch (e) {
    say({ event: 'open-failed', error: errorOf(e) });
    process.exit(3);
  }
  say({ event: 'opened', ms: Date.now() - started });
  let tables;
  try {
    tables = (await pg.query(process.argv[3])).rows;
  } catch (e) {
    say({ event: 'catalog-failed', error: errorOf(e) });
    process.exit(4);
  }
  say({ event: 'tables', names: tables.map((t) => t.name) });
  for (const t of tables) {
    const at = Date.now();
    const report = { event: 'table', name: t.name, file: t.file, indexName: t.index_name, indexFile: t.index_file };
    try {
      report.rows = await countOf(pg, t.seq_sql);
      if (t.index_sql !== null) report.indexRows = await countOf(pg, t.index_sql);
    } catch (e) {
      report.error = errorOf(e);
    }
    report.ms = Date.now() - at;
    say(report);
    if (report.error && /Aborted/.test(report.error.message)) process.exit(5);
  }
  await pg.close();
  say({ event: 'done', ms: Date.now() - started });
  process.exit(0);
})();
`;

const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast')`;

/**
 * One row per table to read: its file, the unique index to read it through (the primary key first), and the two
 * counting statements. Smallest tables first, so that a watchdog that fires leaves the biggest ones unread.
 */
const DISCOVERY_SQL = `
SELECT c.oid::regclass::text AS name,
       pg_relation_filepath(c.oid) AS file,
       i.indexrelid::regclass::text AS index_name,
       pg_relation_filepath(i.indexrelid) AS index_file,
       'SET enable_seqscan = on; SET enable_indexscan = off; SET enable_indexonlyscan = off; ' ||
         'SET enable_bitmapscan = off; SET enable_tidscan = off; ' ||
         format('SELECT count(*) AS n FROM ONLY %s', c.oid::regclass) AS seq_sql,
       CASE WHEN i.indexrelid IS NOT NULL THEN
         'SET enable_seqscan = off; SET enable_indexscan = on; SET enable_sort = off; ' ||
         format('SELECT count(*) AS n FROM (SELECT 1 FROM ONLY %s ORDER BY %s) AS ordered', c.oid::regclass,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
              FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum))
       END AS index_sql
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT x.indexrelid, x.indkey FROM pg_index x
  WHERE x.indrelid = c.oid AND x.indisvalid AND x.indisunique AND x.indexprs IS NULL
  ORDER BY x.indisprimary DESC, x.indexrelid LIMIT 1
) i ON true
WHERE c.relkind IN ('r', 'm', 't')
  AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'
  AND (n.nspname NOT IN ${SYSTEM_SCHEMAS}
       OR c.oid IN (SELECT u.reltoastrelid FROM pg_class u JOIN pg_namespace un ON un.oid = u.relnamespace
                    WHERE un.nspname NOT IN ${SYSTEM_SCHEMAS}))
ORDER BY pg_relation_size(c.oid), 1`;

const errorSchema = z.object({ message: z.string(), code: z.string().optional() });
const eventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('open-failed'), error: errorSchema }),
  z.object({ event: z.literal('opened'), ms: z.number() }),
  z.object({ event: z.literal('catalog-failed'), error: errorSchema }),
  z.object({ event: z.literal('tables'), names: z.array(z.string()) }),
  z.object({
    event: z.literal('table'),
    name: z.string(),
    file: z.string(),
    indexName: z.string().nullable(),
    indexFile: z.string().nullable(),
    rows: z.number().optional(),
    indexRows: z.number().optional(),
    error: errorSchema.optional(),
    ms: z.number(),
  }),
  z.object({ event: z.literal('done'), ms: z.number() }),
]);

export type ScanError = z.infer<typeof errorSchema>;
export type TableScan = Omit<Extract<z.infer<typeof eventSchema>, { event: 'table' }>, 'event'>;

/** What the child reported before it ended, or before the watchdog ended it. */
export interface ScanOutcome {
  readonly openError: ScanError | undefined;
  /** Milliseconds PGlite took to open; undefined when it did not. */
  readonly openMs: number | undefined;
  readonly catalogError: ScanError | undefined;
  readonly tables: readonly TableScan[];
  /** Tables listed but never reported (the child was killed or died first). */
  readonly unread: readonly string[];
  readonly finished: boolean;
  readonly timedOut: boolean;
  /** How the child ended: "exit status 0", "signal SIGKILL". */
  readonly ended: string;
  /** PostgreSQL's log lines at LOG level and above, the last ones. */
  readonly log: readonly string[];
}

export interface ScanOptions {
  readonly timeoutMs: number;
  /** Node flags for the child (none by default; tests make it hang with one). */
  readonly execArgv?: readonly string[];
}

export async function scanInChild(pgDir: string, options: ScanOptions): Promise<ScanOutcome> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const args = ['-e', CHILD_SCRIPT, entry, pgDir, DISCOVERY_SQL, JSON.stringify(PGLITE_CONF)];
  const child = spawn(process.execPath, [...(options.execArgv ?? []), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: z.infer<typeof eventSchema>[] = [];
  const log: string[] = [];
  lines(child.stdout, (line) => {
    if (!line.startsWith(MARK)) return;
    const parsed = eventSchema.safeParse(safeJson(line.slice(MARK.length)));
    if (parsed.success) events.push(parsed.data);
  });
  lines(child.stderr, (line) => {
    if (!isSignificant(line)) return;
    log.push(line.replace(/^\S+ \S+ \S+ \[\d+\] /, '')); // drop the timestamp and pid prefix
    if (log.length > LOG_KEPT) log.shift();
  });
  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const ended = await new Promise<string>((done) => {
    child.once('error', (error) => done(`failed to start: ${error.message}`));
    child.once('close', (code, signal) =>
      done(signal === null ? `exit status ${String(code)}` : `signal ${signal}`),
    );
  });
  clearTimeout(watchdog);
  return outcomeOf(events, { timedOut, ended, log });
}

function outcomeOf(
  events: readonly z.infer<typeof eventSchema>[],
  end: { timedOut: boolean; ended: string; log: string[] },
): ScanOutcome {
  let openError: ScanError | undefined;
  let openMs: number | undefined;
  let catalogError: ScanError | undefined;
  let listed: readonly string[] = [];
  let finished = false;
  const tables: TableScan[] = [];
  for (const event of events) {
    if (event.event === 'open-failed') openError = event.error;
    else if (event.event === 'opened') openMs = event.ms;
    else if (event.event === 'catalog-failed') catalogError = event.error;
    else if (event.event === 'tables') listed = event.names;
    else if (event.event === 'done') finished = true;
    else {
      const { event: _event, ...table } = event;
      tables.push(table);
    }
  }
  const read = new Set(tables.map((table) => table.name));
  const unread = listed.filter((name) => !read.has(name));
  return { openError, openMs, catalogError, tables, unread, finished, ...end };
}

/** PostgreSQL's log lines worth showing (not DEBUG or NOTICE), and the WebAssembly abort. */
function isSignificant(line: string): boolean {
  return /\b(LOG|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT):\s/.test(line) || /^Aborted\(/.test(line);
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) onLine(part);
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
