/**
 * The grouping backlog (`grouping_backlog`, see migration 0011): rows of JSON items, each what grouping needs of
 * some new alerts (GroupingItem). Intake writes it with the alerts (alert-insert.ts, through `backlogEntries`);
 * a grouping pass takes it with `take`, in the transaction that records the groups.
 *
 * Alerts of one commit with the same fingerprint, channels and target become one item with a count: a storm of a
 * thousand alerts over fifty fingerprints queues fifty items, not a thousand.
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { integer, parseRows } from './rows.js';
import type { GroupingItem, NewAlert } from '../triage/ports/index.js';

/**
 * Distinct sample values an item keeps per field. Grouping keeps fewer per group (its own limit); this only bounds
 * an item when every alert of a storm brings a new value.
 */
const MAX_SAMPLES_PER_ITEM = 10;

/** One backlog item as JSON text, with its alert count. */
export interface BacklogEntry {
  readonly text: string;
  readonly alerts: number;
}

interface Draft {
  readonly first: NewAlert;
  last: NewAlert;
  count: number;
  readonly samples: Record<string, string[]>;
}

/**
 * The items of the `alerts` that go to a channel, each a JSON text. `perAlert`: one item per alert (when the caller
 * must tell them apart by `last_alert_id`, see alert-insert.ts); otherwise alerts with the same fingerprint,
 * channels and target are counted into one.
 */
export function backlogEntries(alerts: readonly NewAlert[], perAlert = false): BacklogEntry[] {
  const drafts = new Map<string, Draft>();
  const list: Draft[] = [];
  for (const alert of alerts) {
    if (alert.channels.length === 0) continue;
    const key = `${alert.fingerprint}\u0000${alert.channels.join('\u0001')}\u0000${alert.falcoTarget ?? ''}`;
    let draft = perAlert ? undefined : drafts.get(key);
    if (draft === undefined) {
      draft = { first: alert, last: alert, count: 0, samples: {} };
      drafts.set(key, draft);
      list.push(draft);
    }
    draft.count += 1;
    draft.last = alert;
    for (const [field, value] of Object.entries(alert.samples ?? {})) {
      const values = (draft.samples[field] ??= []);
      if (values.length < MAX_SAMPLES_PER_ITEM && !values.includes(value)) values.push(value);
    }
  }
  return list.map((draft) => ({
    alerts: draft.count,
    text: JSON.stringify({
      fingerprint: draft.first.fingerprint,
      channels: draft.first.channels,
      rule: draft.first.rule,
      falco_target: draft.first.falcoTarget ?? null,
      count: draft.count,
      first_alert_id: draft.first.id,
      last_alert_id: draft.last.id,
      first_at: draft.first.receivedAt.toISOString(),
      at: draft.last.receivedAt.toISOString(),
      samples: draft.samples,
    }),
  }));
}

const time = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

const itemSchema = z
  .object({
    fingerprint: z.string(),
    channels: z.array(z.string()),
    rule: z.string(),
    falco_target: z.string().nullable(),
    count: z.number().int().positive(),
    first_alert_id: z.string(),
    last_alert_id: z.string(),
    first_at: time,
    at: time,
    samples: z.record(z.string(), z.array(z.string())),
  })
  .transform((item): GroupingItem => ({
    fingerprint: item.fingerprint,
    channels: item.channels,
    rule: item.rule,
    falcoTarget: item.falco_target,
    count: item.count,
    firstAlertId: item.first_alert_id,
    lastAlertId: item.last_alert_id,
    firstAt: item.first_at,
    at: item.at,
    samples: item.samples,
  }));

const batchRow = z.object({ id: integer, items: z.array(itemSchema) });
const sizeRow = z.object({ id: integer, size: integer });
/** Rows a pass looks at; the ones beyond its alerts stay locked until it commits, so few. */
const ROWS_LOOKED_AT = 64;

export class BacklogRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async take(maxAlerts: number): Promise<{ items: GroupingItem[]; more: boolean }> {
    const { rows: waiting } = await this.#q.query(
      `SELECT id, size FROM grouping_backlog ORDER BY id LIMIT ${ROWS_LOOKED_AT} FOR UPDATE SKIP LOCKED`,
    );
    const ids: number[] = [];
    let alerts = 0;
    for (const row of parseRows(sizeRow, waiting, 'grouping backlog')) {
      if (ids.length > 0 && alerts + row.size > maxAlerts) break;
      ids.push(row.id);
      alerts += row.size;
    }
    // Rows left behind, or as many as it looks at: there may be more.
    const more = ids.length < waiting.length || waiting.length === ROWS_LOOKED_AT;
    if (ids.length === 0) return { items: [], more: false };
    const { rows } = await this.#q.query(
      'DELETE FROM grouping_backlog WHERE id = ANY($1::bigint[]) RETURNING id, items',
      [ids],
    );
    const items = parseRows(batchRow, rows, 'grouping backlog')
      .sort((a, b) => a.id - b.id)
      .flatMap((row) => row.items);
    return { items, more };
  }

  /** Alerts waiting to be grouped. */
  async waiting(): Promise<number> {
    const { rows } = await this.#q.query<{ n: number }>(
      'SELECT coalesce(sum(size), 0)::int AS n FROM grouping_backlog',
    );
    return rows[0]?.n ?? 0;
  }
}
