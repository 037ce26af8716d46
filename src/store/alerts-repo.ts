/**
 * Stored alerts: writes (alert-insert.ts: COPY on the embedded store, batched JSON on PostgreSQL) and the reads the
 * workflow needs (by id, by fingerprint, windows for the impact preview).
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { ALERT_COLUMNS as COLUMNS } from './alert-row-text.js';
import { insertAlerts, type InsertOptions } from './alert-insert.js';
import { integer, jsonObject, nullableText, parseRows, textArray, timestamp } from './rows.js';
import type {
  AlertCursor,
  AlertSummary,
  AlertWindow,
  FieldMatch,
  InsertedAlert,
  NewAlert,
  ScannedAlert,
  StoredAlert,
} from '../triage/ports/index.js';

const alertRow = z
  .object({
    id: z.string(),
    received_at: timestamp,
    event_time: timestamp,
    rule: z.string(),
    priority: z.string(),
    priority_level: integer,
    source: nullableText,
    hostname: nullableText,
    tags: textArray,
    output: z.string(),
    output_fields: jsonObject,
    raw: z.string(),
    fingerprint: z.string(),
    dedupe_key: nullableText,
    origin: z.enum(['falco', 'falcosidekick', 'manual', 'test']),
    route: nullableText,
    channels: textArray,
    falco_target: nullableText,
  })
  .transform((row): StoredAlert => ({
    id: row.id,
    receivedAt: row.received_at,
    eventTime: row.event_time,
    rule: row.rule,
    priority: row.priority,
    priorityLevel: row.priority_level,
    source: row.source,
    hostname: row.hostname,
    tags: row.tags,
    output: row.output,
    outputFields: row.output_fields,
    raw: row.raw,
    fingerprint: row.fingerprint,
    dedupeKey: row.dedupe_key,
    origin: row.origin,
    route: row.route,
    channels: row.channels,
    falcoTarget: row.falco_target,
  }));

const scannedRow = z
  .object({
    id: z.string(),
    event_time: timestamp,
    rule: z.string(),
    priority_level: integer,
    source: nullableText,
    hostname: nullableText,
    tags: textArray,
    output_fields: jsonObject,
    fingerprint: z.string(),
  })
  .transform((row): ScannedAlert => ({
    id: row.id,
    eventTime: row.event_time,
    rule: row.rule,
    priorityLevel: row.priority_level,
    source: row.source,
    hostname: row.hostname,
    tags: row.tags,
    outputFields: row.output_fields,
    fingerprint: row.fingerprint,
  }));

export class AlertsRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  /** Stores a batch; one entry per input, in input order. Atomic (given a transaction, it joins it). */
  insert(alerts: readonly NewAlert[], options?: InsertOptions): Promise<InsertedAlert[]> {
    return insertAlerts(this.#q, alerts, options);
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    const [alert] = await this.getMany([id]);
    return alert;
  }

  /** The stored alerts among `ids`, in the order of `ids` (unknown ids are left out). */
  async getMany(ids: readonly string[]): Promise<StoredAlert[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.#q.query(`SELECT ${COLUMNS} FROM alerts WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(parseRows(alertRow, rows, 'alert').map((alert) => [alert.id, alert]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Newest first: the recent alerts of one fingerprint (evidence for a proposal, repeats of a group). */
  async listByFingerprint(fingerprint: string, limit: number): Promise<StoredAlert[]> {
    const { rows } = await this.#q.query(
      `SELECT ${COLUMNS} FROM alerts WHERE fingerprint = $1 ORDER BY event_time DESC, id DESC LIMIT $2`,
      [fingerprint, limit],
    );
    return parseRows(alertRow, rows, 'alert');
  }

  /** Alerts in a window, oldest first, a page at a time (pass the last one as `after` for the next page). */
  async scan(
    window: AlertWindow & {
      readonly after?: AlertCursor;
      readonly limit: number;
      /** Only alerts matching every condition (the impact preview narrows the candidates this way). */
      readonly where?: readonly FieldMatch[];
    },
  ): Promise<ScannedAlert[]> {
    const where = windowClause(window, window.where ?? []);
    if (window.after !== undefined) {
      where.params.push(window.after.eventTime, window.after.id);
      const n = where.params.length;
      where.conditions.push(`(event_time, id) > ($${n - 1}::timestamptz, $${n}::uuid)`);
    }
    where.params.push(window.limit);
    const { rows } = await this.#q.query(
      `SELECT id, event_time, rule, priority_level, source, hostname, tags, output_fields, fingerprint
       FROM alerts WHERE ${where.conditions.join(' AND ')}
       ORDER BY event_time, id LIMIT $${where.params.length}`,
      where.params,
    );
    return parseRows(scannedRow, rows, 'alert');
  }

  /**
   * How many alerts in the window match every condition in `where`, on how many hosts, per rule: the impact preview
   * of an exception ("would have silenced 143 alerts of this rule on 3 hosts"), computed in the database.
   */
  async summarize(window: AlertWindow & { readonly where?: readonly FieldMatch[] }): Promise<AlertSummary> {
    // One pass over the window: the matching alerts are counted with FILTER, so the rules' totals come free.
    const where = windowClause(window, []);
    const matches = matchConditions(window.where ?? [], where.params);
    const match = matches.length === 0 ? 'TRUE' : matches.join(' AND ');
    const { rows } = await this.#q.query(
      `SELECT rule, count(*) FILTER (WHERE ${match}) AS count, count(*) AS rule_total,
              array_agg(DISTINCT hostname) FILTER (WHERE ${match}) AS host_list,
              array_agg(DISTINCT output_fields ->> 'container.image.repository') FILTER (WHERE ${match}) AS image_list
       FROM alerts WHERE ${where.conditions.join(' AND ')} GROUP BY rule`,
      where.params,
    );
    const list = z
      .array(z.string().nullable())
      .nullable()
      .transform((items) => (items ?? []).filter((item): item is string => item !== null));
    const parsed = parseRows(
      z.object({ rule: z.string(), count: integer, rule_total: integer, host_list: list, image_list: list }),
      rows,
      'summary',
    );
    const hosts = new Set(parsed.flatMap((row) => row.host_list));
    const images = new Set(
      parsed.flatMap((row) => row.image_list).filter((image) => image !== '' && image !== '<NA>'),
    );
    return {
      total: parsed.reduce((sum, row) => sum + row.count, 0),
      hosts: hosts.size,
      images: images.size,
      byRule: Object.fromEntries(parsed.filter((row) => row.count > 0).map((row) => [row.rule, row.count])),
      totals: Object.fromEntries(parsed.map((row) => [row.rule, row.rule_total])),
    };
  }

  /** Plain count over a window (the baseline the impact preview is measured against). */
  async count(window: AlertWindow): Promise<number> {
    const where = windowClause(window, []);
    const { rows } = await this.#q.query(
      `SELECT count(*) AS count FROM alerts WHERE ${where.conditions.join(' AND ')}`,
      where.params,
    );
    return parseRows(z.object({ count: integer }), rows, 'count')[0]?.count ?? 0;
  }

  /** Retention: deletes up to `limit` alerts older than `before`; returns how many. Call until it returns 0. */
  async deleteOlderThan(before: Date, limit = 10_000): Promise<number> {
    const { rowCount } = await this.#q.query(
      `DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE event_time < $1 ORDER BY event_time LIMIT $2)`,
      [before, limit],
    );
    return rowCount;
  }
}

function windowClause(
  window: AlertWindow,
  matches: readonly FieldMatch[],
): { conditions: string[]; params: unknown[] } {
  const params: unknown[] = [window.since];
  const conditions = ['event_time >= $1'];
  if (window.until !== undefined) {
    params.push(window.until);
    conditions.push(`event_time < $${params.length}`);
  }
  if (window.rules !== undefined) {
    params.push(window.rules);
    conditions.push(`rule = ANY($${params.length}::text[])`);
  }
  if (window.falcoTarget !== undefined) {
    params.push(window.falcoTarget);
    conditions.push(`falco_target = $${params.length}`);
  }
  conditions.push(...matchConditions(matches, params));
  return { conditions, params };
}

/** SQL conditions for field matches on `output_fields`, their parameters appended to `params`. */
function matchConditions(matches: readonly FieldMatch[], params: unknown[]): string[] {
  const conditions: string[] = [];
  for (const match of matches) {
    params.push(match.field);
    const field = `output_fields ->> $${params.length}::text`;
    switch (match.op) {
      case 'in':
        params.push(match.values);
        conditions.push(`${field} = ANY($${params.length}::text[])`);
        break;
      case 'startswith':
        params.push(match.prefix);
        conditions.push(`starts_with(${field}, $${params.length}::text)`);
        break;
      case 'contains':
        params.push(match.text);
        conditions.push(`strpos(${field}, $${params.length}::text) > 0`);
        break;
    }
  }
  return conditions;
}
