/**
 * The grouping backlog (`grouping_backlog`, see migration 0011): one row per intake batch, holding a JSON array of
 * what its new alerts need for grouping. Intake writes it with the alerts (alert-insert.ts, through `backlogItem`);
 * a grouping pass takes it with `take`, in the transaction that records the groups.
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { integer, parseRows } from './rows.js';
import type { GroupingItem, NewAlert } from '../triage/ports/index.js';

/** What grouping needs of `alert` as a JSON text; undefined when it goes to no channel (nothing to group). */
export function backlogItem(alert: NewAlert): string | undefined {
  if (alert.channels.length === 0) return undefined;
  return JSON.stringify({
    alert_id: alert.id,
    fingerprint: alert.fingerprint,
    channels: alert.channels,
    rule: alert.rule,
    at: alert.receivedAt.toISOString(),
    falco_target: alert.falcoTarget ?? null,
    samples: alert.samples ?? {},
  });
}

const itemSchema = z
  .object({
    alert_id: z.string(),
    fingerprint: z.string(),
    channels: z.array(z.string()),
    rule: z.string(),
    at: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
    falco_target: z.string().nullable(),
    samples: z.record(z.string(), z.string()),
  })
  .transform((item): GroupingItem => ({
    alertId: item.alert_id,
    fingerprint: item.fingerprint,
    channels: item.channels,
    rule: item.rule,
    at: item.at,
    falcoTarget: item.falco_target,
    samples: item.samples,
  }));

const batchRow = z.object({ id: integer, items: z.array(itemSchema) });
const sizeRow = z.object({ id: integer, size: integer });
/** Rows a pass looks at; the ones beyond its items stay locked until it commits, so few. */
const ROWS_LOOKED_AT = 64;

export class BacklogRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async take(maxItems: number): Promise<GroupingItem[]> {
    const { rows: waiting } = await this.#q.query(
      `SELECT id, size FROM grouping_backlog ORDER BY id LIMIT ${ROWS_LOOKED_AT} FOR UPDATE SKIP LOCKED`,
    );
    const ids: number[] = [];
    let items = 0;
    for (const row of parseRows(sizeRow, waiting, 'grouping backlog')) {
      if (ids.length > 0 && items + row.size > maxItems) break;
      ids.push(row.id);
      items += row.size;
    }
    if (ids.length === 0) return [];
    const { rows } = await this.#q.query(
      'DELETE FROM grouping_backlog WHERE id = ANY($1::bigint[]) RETURNING id, items',
      [ids],
    );
    return parseRows(batchRow, rows, 'grouping backlog')
      .sort((a, b) => a.id - b.id)
      .flatMap((row) => row.items);
  }

  async waiting(): Promise<number> {
    const { rows } = await this.#q.query<{ n: number }>('SELECT count(*)::int AS n FROM grouping_backlog');
    return rows[0]?.n ?? 0;
  }
}
