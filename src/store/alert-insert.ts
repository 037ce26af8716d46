/**
 * Writing alert rows, the hot path of intake. Two ways, one result: one entry per input, in input order, with
 * Falcosidekick's uuid as the dedupe key (a redelivered alert is stored once and reported as a duplicate with the id
 * it was first stored under).
 *
 * - Embedded store: `COPY alerts FROM` a file in PGlite's memory, its bulk load. Parsing tab-separated text costs PostgreSQL
 *   much less than building records from JSON (about a third less per alert, measured with bench/store-insert). COPY
 *   has no ON CONFLICT, so known dedupe keys are looked up first; PGlite is a single connection and both statements
 *   run in one transaction, so no other writer can store the same key in between.
 * - PostgreSQL: one `INSERT ... SELECT FROM json_populate_recordset(...) ON CONFLICT DO NOTHING` per chunk (no COPY
 *   in the `pg` driver without another dependency, and concurrent connections need ON CONFLICT anyway).
 *
 * Text for one statement (or one COPY chunk) stays under about 96 KB: bigger strings are large objects for V8, which
 * frees them only in a full GC, and PGlite copies each parameter into its WebAssembly heap, which never shrinks; a
 * storm of 1,000-alert statements (3 MB each) added about 80 MB to the bot's peak memory for no speed.
 */
import { inTransaction, type Queryable } from './database.js';
import { ALERT_COLUMNS, alertCopyLine, alertRecordText } from './alert-row-text.js';
import type { InsertedAlert, NewAlert } from '../triage/ports/index.js';

/** Characters of text per statement or chunk: below V8's large-object size (128 KB) for one-byte text. */
const MAX_CHUNK_CHARS = 96 * 1024;

/** A `Queryable` that can bulk-load text with COPY (the embedded store). */
export interface CopyIn {
  /** `COPY <into> FROM ...` with the concatenation of `chunks` (COPY's text format) as its input. */
  copyIn(into: string, chunks: readonly string[]): Promise<void>;
}

export function canCopyIn(q: Queryable): q is Queryable & CopyIn {
  return typeof (q as Partial<CopyIn>).copyIn === 'function';
}

/** Stores `alerts` through `q` (a database or an open transaction); atomic. */
export async function insertAlerts(q: Queryable, alerts: readonly NewAlert[]): Promise<InsertedAlert[]> {
  if (alerts.length === 0) return [];
  if (canCopyIn(q)) return inTransaction(q, (tx) => copyAlerts(tx as Queryable & CopyIn, alerts));
  const statements = chunked(alerts.map(alertRecordText), (rows) => `[${rows.join(',')}]`);
  // One statement is atomic by itself: no BEGIN/COMMIT round trips when the alerts fit in one.
  return statements.length === 1
    ? insertJson(q, alerts, statements)
    : inTransaction(q, (tx) => insertJson(tx, alerts, statements));
}

async function copyAlerts(tx: Queryable & CopyIn, alerts: readonly NewAlert[]): Promise<InsertedAlert[]> {
  const firstIds = await storedKeys(tx, alerts, () => true);
  const fresh: string[] = [];
  const results = alerts.map((alert): InsertedAlert => {
    if (alert.dedupeKey !== null) {
      const first = firstIds.get(alert.dedupeKey);
      if (first !== undefined) return { id: first, duplicate: true };
      firstIds.set(alert.dedupeKey, alert.id); // a second copy later in this batch
    }
    fresh.push(alertCopyLine(alert));
    return { id: alert.id, duplicate: false };
  });
  if (fresh.length > 0) {
    await tx.copyIn(
      `alerts (${ALERT_COLUMNS})`,
      chunked(fresh, (lines) => lines.join('')),
    );
  }
  return results;
}

async function insertJson(
  tx: Queryable,
  alerts: readonly NewAlert[],
  statements: readonly string[],
): Promise<InsertedAlert[]> {
  const inserted = new Set<string>();
  for (const json of statements) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO alerts (${ALERT_COLUMNS})
       SELECT ${ALERT_COLUMNS} FROM json_populate_recordset(NULL::alerts, $1::json)
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [json],
    );
    for (const row of rows) inserted.add(row.id);
  }
  const firstIds = await storedKeys(tx, alerts, (alert) => !inserted.has(alert.id));
  return alerts.map((alert) => {
    if (inserted.has(alert.id)) return { id: alert.id, duplicate: false };
    const first = alert.dedupeKey === null ? undefined : firstIds.get(alert.dedupeKey);
    if (first === undefined) throw new Error(`store: alert ${alert.id} was neither stored nor a duplicate`);
    return { id: first, duplicate: true };
  });
}

/** The ids already stored under the dedupe keys of the `alerts` that `which` picks: key → id. */
async function storedKeys(
  q: Queryable,
  alerts: readonly NewAlert[],
  which: (alert: NewAlert) => boolean,
): Promise<Map<string, string>> {
  const keys = new Set<string>();
  for (const alert of alerts) if (alert.dedupeKey !== null && which(alert)) keys.add(alert.dedupeKey);
  const firstIds = new Map<string, string>();
  if (keys.size === 0) return firstIds;
  const { rows } = await q.query<{ id: string; dedupe_key: string }>(
    'SELECT id, dedupe_key FROM alerts WHERE dedupe_key = ANY($1::text[])',
    [[...keys]],
  );
  for (const row of rows) firstIds.set(row.dedupe_key, row.id);
  return firstIds;
}

/** Groups `items` into texts of at most about MAX_CHUNK_CHARS each (one item is never split). */
function chunked(items: readonly string[], join: (items: string[]) => string): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let chars = 0;
  for (const item of items) {
    if (current.length > 0 && chars + item.length > MAX_CHUNK_CHARS) {
      chunks.push(join(current));
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += item.length + 1;
  }
  chunks.push(join(current));
  return chunks;
}
