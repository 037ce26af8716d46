/**
 * Writing alert rows, the hot path of intake. Two ways, one result: one entry per input, in input order, with
 * Falcosidekick's uuid as the dedupe key (a redelivered alert is stored once and reported as a duplicate with the id
 * it was first stored under).
 *
 * - A batch of fewer than COPY_FROM alerts (single-alert requests): one `INSERT ... SELECT FROM
 *   json_populate_recordset(...) ON CONFLICT DO NOTHING` per chunk, usually one statement, atomic without BEGIN and
 *   COMMIT: one round trip, where a statement's fixed cost outweighs its rows'.
 * - A bigger batch: `COPY alerts FROM`, the bulk load (a file in PGlite's memory on the embedded store, STDIN on
 *   PostgreSQL). Parsing tab-separated text costs PostgreSQL much less than building records from JSON (about a third
 *   less per alert on PGlite and half on PostgreSQL, measured with bench/store-insert). COPY has no ON CONFLICT, so
 *   known dedupe keys are looked up first, in the same transaction. PGlite is one connection, so no other writer can
 *   store the same key in between. On PostgreSQL another connection can: the unique index then fails this batch,
 *   which is written again, its lookup now finding the key. The COPY text is built
 *   before the transaction starts, so it overlaps the batch ahead of it.
 *
 * With `group`, the new alerts that go to a channel are queued for grouping in the same commit (backlog-repo.ts):
 * after a COPY by one more INSERT, sent with it; with the INSERT path in the same statement, so the write stays one
 * round trip. There, alerts with a dedupe key are queued one item each, and a data-modifying CTE keeps only the
 * items of the rows ON CONFLICT did not skip; alerts without one are always stored, so their items are counted
 * together up front.
 *
 * Text for one statement (or one COPY chunk) stays under about 96 KB: bigger strings are large objects for V8, which
 * frees them only in a full GC, and PGlite copies each parameter into its WebAssembly heap, which never shrinks; a
 * storm of 1,000-alert statements (3 MB each) added about 80 MB to the bot's peak memory for no speed.
 */
import { inTransaction, isDatabase, sqlStateOf, type Queryable } from './database.js';
import { ALERT_COLUMNS, alertCopyLine, alertRecordText } from './alert-row-text.js';
import { backlogEntries, type BacklogEntry } from './backlog-repo.js';
import type { InsertedAlert, NewAlert } from '../triage/ports/index.js';

/** Characters of text per statement or chunk: below V8's large-object size (128 KB) for one-byte text. */
const MAX_CHUNK_CHARS = 96 * 1024;

/** From this many alerts, a batch is bulk-loaded (COPY) where the store can. */
const COPY_FROM = 64;

const UNIQUE_VIOLATION = '23505';

/** A `Queryable` that can bulk-load text with COPY (the embedded store). */
export interface CopyIn {
  /** `COPY <into> FROM ...` with the concatenation of `chunks` (COPY's text format) as its input. */
  copyIn(into: string, chunks: readonly string[]): Promise<void>;
}

export function canCopyIn(q: Queryable): q is Queryable & CopyIn {
  return typeof (q as Partial<CopyIn>).copyIn === 'function';
}

export interface InsertOptions {
  /** Queue the new alerts that go to a channel for grouping, in the same commit. */
  readonly group?: boolean;
}

/** Stores `alerts` through `q` (a database or an open transaction); atomic. */
export async function insertAlerts(
  q: Queryable,
  alerts: readonly NewAlert[],
  options: InsertOptions = {},
): Promise<InsertedAlert[]> {
  if (alerts.length === 0) return [];
  const group = options.group === true;
  if (canCopyIn(q) && alerts.length >= COPY_FROM) {
    const lines = alerts.map(alertCopyLine);
    const copy = () => inTransaction(q, (tx) => copyAlerts(tx as Queryable & CopyIn, alerts, lines, group));
    try {
      return await copy();
    } catch (error) {
      // Another connection stored one of these uuids after the lookup (its COMMIT ends the wait that raised the
      // unique violation): look up again. Only in a transaction of our own; a caller's one is aborted.
      if (!isDatabase(q) || sqlStateOf(error) !== UNIQUE_VIOLATION) throw error;
      return copy();
    }
  }
  const records = alerts.map(alertRecordText);
  const statements = chunks(records).map((indexes) => ({
    records: `[${indexes.map((index) => records[index]).join(',')}]`,
    queue: group ? queueOf(indexes.map((index) => alerts[index] as NewAlert)) : undefined,
  }));
  // One statement is atomic by itself: no BEGIN/COMMIT round trips when the alerts fit in one.
  return statements.length === 1
    ? insertJson(q, alerts, statements)
    : inTransaction(q, (tx) => insertJson(tx, alerts, statements));
}

/** COPYs `alerts` (their `lines`), leaving out duplicates; the grouping items go with it, unanswered in between. */
async function copyAlerts(
  tx: Queryable & CopyIn,
  alerts: readonly NewAlert[],
  lines: readonly string[],
  group: boolean,
): Promise<InsertedAlert[]> {
  const firstIds = await storedKeys(tx, alerts, () => true);
  const fresh: NewAlert[] = [];
  const freshLines: string[] = [];
  const results = alerts.map((alert, index): InsertedAlert => {
    if (alert.dedupeKey !== null) {
      const first = firstIds.get(alert.dedupeKey);
      if (first !== undefined) return { id: first, duplicate: true };
      firstIds.set(alert.dedupeKey, alert.id); // a second copy later in this batch
    }
    fresh.push(alert);
    freshLines.push(lines[index] as string);
    return { id: alert.id, duplicate: false };
  });
  if (fresh.length === 0) return results;
  const statements: Promise<unknown>[] = [
    tx.copyIn(
      `alerts (${ALERT_COLUMNS})`,
      chunks(freshLines).map((indexes) => indexes.map((index) => freshLines[index]).join('')),
    ),
  ];
  if (group) {
    const entries = backlogEntries(fresh);
    for (const indexes of chunks(entries.map((entry) => entry.text))) {
      const { items, size } = arrayOf(indexes.map((index) => entries[index] as BacklogEntry));
      statements.push(
        tx.query('INSERT INTO grouping_backlog (size, items) VALUES ($1, $2::json)', [size, items]),
      );
    }
  }
  // Sent together: the store runs them in order and a failure fails the transaction (settled first, so none is left
  // unobserved).
  const settled = await Promise.allSettled(statements);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return results;
}

interface Queue {
  /** The items as a JSON array. */
  readonly items: string;
  /** The alerts they count. */
  readonly size: number;
  /** One item per alert, to be kept only for the alerts the INSERT stored (they have dedupe keys). */
  readonly filtered: boolean;
}

/** What the PostgreSQL statement storing `alerts` queues for grouping; undefined when none goes to a channel. */
function queueOf(alerts: readonly NewAlert[]): Queue | undefined {
  const filtered = alerts.some((alert) => alert.dedupeKey !== null);
  const entries = backlogEntries(alerts, filtered);
  return entries.length === 0 ? undefined : { ...arrayOf(entries), filtered };
}

function arrayOf(entries: readonly BacklogEntry[]): { items: string; size: number } {
  let size = 0;
  for (const entry of entries) size += entry.alerts;
  return { items: `[${entries.map((entry) => entry.text).join(',')}]`, size };
}

const INSERT_JSON = `INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT ${ALERT_COLUMNS} FROM json_populate_recordset(NULL::alerts, $1::json)
  ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;

async function insertJson(
  tx: Queryable,
  alerts: readonly NewAlert[],
  statements: readonly { readonly records: string; readonly queue: Queue | undefined }[],
): Promise<InsertedAlert[]> {
  const inserted = new Set<string>();
  for (const { records, queue } of statements) {
    const { rows } = await tx.query<{ id: string }>(
      queue === undefined
        ? `${INSERT_JSON} RETURNING id`
        : queue.filtered
          ? `WITH inserted AS (${INSERT_JSON} RETURNING id),
             queued AS (
               INSERT INTO grouping_backlog (size, items)
               SELECT count(*), json_agg(item) FROM json_array_elements($2::json) AS item
               WHERE (item ->> 'last_alert_id')::uuid IN (SELECT id FROM inserted)
               HAVING count(*) > 0)
             SELECT id FROM inserted`
          : `WITH inserted AS (${INSERT_JSON} RETURNING id),
             queued AS (INSERT INTO grouping_backlog (size, items) VALUES ($3, $2::json))
             SELECT id FROM inserted`,
      queue === undefined
        ? [records]
        : queue.filtered
          ? [records, queue.items]
          : [records, queue.items, queue.size],
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

/** Splits `texts` into runs of at most about MAX_CHUNK_CHARS characters (one text is never split): their indexes. */
function chunks(texts: readonly string[]): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  texts.forEach((text, index) => {
    if (current.length > 0 && chars + text.length > MAX_CHUNK_CHARS) {
      runs.push(current);
      current = [];
      chars = 0;
    }
    current.push(index);
    chars += text.length + 1;
  });
  if (current.length > 0) runs.push(current);
  return runs;
}
