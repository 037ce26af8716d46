/**
 * Counting alerts into their groups. One intake batch touches many groups; recording them one statement pair at a
 * time cost a few milliseconds per group on the embedded store, which capped intake at a few hundred alerts per
 * second. So a batch is recorded with a fixed number of statements whatever its size:
 *
 * 1. take a transaction-scoped advisory lock per (fingerprint, channel) of the batch, all in one statement and in
 *    one global order (the keys' hashes), then read their current groups: concurrent batches and replicas touching
 *    the same groups queue behind each other instead of deadlocking (locking existing rows first and new rows
 *    second would not be one global order), and count exactly;
 * 2. decide in memory: fold into a current group still inside the window, or close a stale one and start anew;
 * 3. one UPDATE for the folded groups, one for the closed ones, one INSERT for the new ones.
 *
 * A new group another transaction created meanwhile (the INSERT met the unique index of current groups) is recorded
 * again on its own, the old way, which then finds and locks that group. Exactly one caller learns that it started
 * a group: that caller posts its Slack message.
 */
import { BotError } from '../errors.js';
import type { Queryable } from './database.js';
import { groupRow } from './group-row.js';
import { parseRow, parseRows } from './rows.js';
import type { AlertGroup, Occurrence, OccurrenceInput } from '../triage/ports/index.js';

const DEFAULT_MAX_SAMPLES = 10;
/** The first key of the two-key advisory locks on groups (the migration lock uses the one-key form). */
const GROUP_LOCK_SPACE = 4_660_001;
const MAX_ATTEMPTS = 5;

const keyOf = (input: { readonly fingerprint: string; readonly channel: string }): string =>
  `${input.fingerprint}\u0000${input.channel}`;

/** Records a batch of occurrences in `tx` (already a transaction); results come back in input order. */
export async function recordOccurrences(
  tx: Queryable,
  inputs: readonly OccurrenceInput[],
): Promise<Occurrence[]> {
  if (inputs.length === 0) return [];
  const keys = new Set(inputs.map(keyOf));
  if (keys.size !== inputs.length) {
    // The same group twice in one call: record one after the other, in key order (no deadlock).
    const order = inputs
      .map((input, index) => ({ input, index }))
      .sort((a, b) => compareKeys(a.input, b.input));
    const results = new Array<Occurrence>(inputs.length);
    for (const { input, index } of order) results[index] = await recordOne(tx, input);
    return results;
  }

  const keyJson = JSON.stringify(
    inputs.map((input) => ({ fingerprint: input.fingerprint, channel: input.channel })),
  );
  // Sent together, run in this order: the locks are held before the groups are read.
  const [, { rows: lockedRows }] = await Promise.all([
    tx.query(
      `SELECT count(pg_advisory_xact_lock(${GROUP_LOCK_SPACE}, k.h)) FROM (
         SELECT DISTINCT hashtext(x.fingerprint || '/' || x.channel) AS h
         FROM json_to_recordset($1::json) AS x(fingerprint text, channel text) ORDER BY 1) k`,
      [keyJson],
    ),
    tx.query(
      `SELECT g.* FROM alert_groups g
       JOIN json_to_recordset($1::json) AS k(fingerprint text, channel text)
         ON g.fingerprint = k.fingerprint AND g.channel = k.channel
       WHERE g.closed_at IS NULL
       FOR UPDATE OF g`,
      [keyJson],
    ),
  ]);
  const current = new Map(parseRows(groupRow, lockedRows, 'group').map((group) => [keyOf(group), group]));

  const results = new Array<Occurrence | undefined>(inputs.length);
  const folds: {
    index: number;
    group: AlertGroup;
    count: number;
    at: Date;
    alertId: string;
    /** Undefined when no new value was sampled: the stored samples stay as they are. */
    samples: Record<string, string[]> | undefined;
  }[] = [];
  const added = new Map<number, Record<string, string[]>>();
  const closes: { id: string; at: string }[] = [];
  const starts: { index: number; input: OccurrenceInput; samples: Record<string, string[]> }[] = [];
  inputs.forEach((input, index) => {
    const max = input.maxSamplesPerField ?? DEFAULT_MAX_SAMPLES;
    const group = current.get(keyOf(input));
    if (group !== undefined && input.at.getTime() - group.lastSeen.getTime() < input.windowMs) {
      const merged = mergeSamples(group.samples, input.samples ?? {}, max);
      added.set(index, merged.added);
      folds.push({
        index,
        group,
        count: input.count ?? 1,
        at: input.at,
        alertId: input.alertId,
        samples: Object.keys(merged.added).length === 0 ? undefined : merged.samples,
      });
      return;
    }
    if (group !== undefined) closes.push({ id: group.id, at: input.at.toISOString() });
    const merged = mergeSamples({}, input.samples ?? {}, max);
    added.set(index, merged.added);
    starts.push({ index, input, samples: merged.samples });
  });

  // Sent together, run in this order: a group closed here frees its place in the index of current groups first.
  const [closedRows, , startedRows] = await Promise.all([
    closes.length === 0
      ? undefined
      : tx.query(
          `UPDATE alert_groups g SET closed_at = c.at, updated_at = c.at
           FROM json_to_recordset($1::json) AS c(id uuid, at timestamptz)
           WHERE g.id = c.id RETURNING g.*`,
          [JSON.stringify(closes)],
        ),
    folds.length === 0
      ? undefined
      : tx.query(
          // The rows are locked: their new state is known without reading it back.
          `UPDATE alert_groups g SET count = g.count + f.count, last_seen = greatest(g.last_seen, f.at),
             last_alert_id = f.alert_id, samples = coalesce(f.samples, g.samples), updated_at = f.at
           FROM json_to_recordset($1::json) AS f(id uuid, count bigint, at timestamptz, alert_id uuid,
             samples jsonb)
           WHERE g.id = f.id`,
          [
            JSON.stringify(
              folds.map((fold) => ({
                id: fold.group.id,
                count: fold.count,
                at: fold.at.toISOString(),
                alert_id: fold.alertId,
                samples: fold.samples ?? null,
              })),
            ),
          ],
        ),
    starts.length === 0
      ? undefined
      : tx.query(
          `INSERT INTO alert_groups (id, fingerprint, channel, rule, first_alert_id, last_alert_id, count,
             first_seen, last_seen, samples, updated_at, falco_target)
           SELECT s.id, s.fingerprint, s.channel, s.rule, s.first_alert_id, s.last_alert_id, s.count, s.first_at, s.at,
             s.samples, s.at, s.falco_target
           FROM json_to_recordset($1::json) AS s(id uuid, fingerprint text, channel text, rule text,
             first_alert_id uuid, last_alert_id uuid, count bigint, first_at timestamptz, at timestamptz, samples jsonb,
             falco_target text)
           ON CONFLICT (fingerprint, channel) WHERE closed_at IS NULL DO NOTHING
           RETURNING *`,
          [
            JSON.stringify(
              starts.map(({ input, samples }) => ({
                id: input.newGroupId,
                fingerprint: input.fingerprint,
                channel: input.channel,
                rule: input.rule,
                first_alert_id: input.firstAlertId ?? input.alertId,
                last_alert_id: input.alertId,
                count: input.count ?? 1,
                first_at: (input.firstAt ?? input.at).toISOString(),
                at: input.at.toISOString(),
                samples,
                falco_target: input.falcoTarget ?? null,
              })),
            ),
          ],
        ),
  ]);
  const closed = new Map<string, AlertGroup>();
  for (const group of parseRows(groupRow, closedRows?.rows ?? [], 'group')) closed.set(keyOf(group), group);
  for (const fold of folds) {
    const lastSeen = fold.at > fold.group.lastSeen ? fold.at : fold.group.lastSeen;
    const group: AlertGroup = {
      ...fold.group,
      count: fold.group.count + fold.count,
      lastSeen,
      lastAlertId: fold.alertId,
      samples: fold.samples ?? fold.group.samples,
      updatedAt: fold.at,
    };
    results[fold.index] = {
      group,
      started: false,
      newSamples: added.get(fold.index) ?? {},
      closed: undefined,
    };
  }
  const created = new Map(
    parseRows(groupRow, startedRows?.rows ?? [], 'group').map((group) => [group.id, group]),
  );
  for (const { index, input } of starts) {
    const group = created.get(input.newGroupId);
    results[index] =
      group === undefined
        ? // Another transaction started this group first (and has committed): count into theirs.
          await recordOne(tx, input)
        : { group, started: true, newSamples: added.get(index) ?? {}, closed: closed.get(keyOf(input)) };
  }
  return results.map((result, index) => {
    if (result === undefined) throw new BotError('internal', `store: occurrence ${index} was not recorded`);
    return result;
  });
}

/** One occurrence, the careful way: lock, fold or close-and-start, retry when another transaction won the start. */
export async function recordOne(tx: Queryable, input: OccurrenceInput): Promise<Occurrence> {
  const count = input.count ?? 1;
  const max = input.maxSamplesPerField ?? DEFAULT_MAX_SAMPLES;
  let closed: AlertGroup | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const locked = await tx.query(
      `SELECT * FROM alert_groups WHERE fingerprint = $1 AND channel = $2 AND closed_at IS NULL FOR UPDATE`,
      [input.fingerprint, input.channel],
    );
    const current = parseRows(groupRow, locked.rows, 'group')[0];
    if (current !== undefined && input.at.getTime() - current.lastSeen.getTime() < input.windowMs) {
      const { samples, added } = mergeSamples(current.samples, input.samples ?? {}, max);
      const { rows } = await tx.query(
        `UPDATE alert_groups SET count = count + $2, last_seen = greatest(last_seen, $3), last_alert_id = $4,
           samples = $5::jsonb, updated_at = $3
         WHERE id = $1 RETURNING *`,
        [current.id, count, input.at, input.alertId, JSON.stringify(samples)],
      );
      return { group: parseRow(groupRow, rows[0], 'group'), started: false, newSamples: added, closed };
    }
    if (current !== undefined) {
      const { rows } = await tx.query(
        'UPDATE alert_groups SET closed_at = $2, updated_at = $2 WHERE id = $1 RETURNING *',
        [current.id, input.at],
      );
      closed = parseRow(groupRow, rows[0], 'group');
    }
    const { samples, added } = mergeSamples({}, input.samples ?? {}, max);
    const { rows } = await tx.query(
      `INSERT INTO alert_groups (id, fingerprint, channel, rule, first_alert_id, last_alert_id, count, first_seen,
         last_seen, samples, updated_at, falco_target)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $11, $8, $9::jsonb, $8, $10)
       ON CONFLICT (fingerprint, channel) WHERE closed_at IS NULL DO NOTHING
       RETURNING *`,
      [
        input.newGroupId,
        input.fingerprint,
        input.channel,
        input.rule,
        input.firstAlertId ?? input.alertId,
        input.alertId,
        count,
        input.at,
        JSON.stringify(samples),
        input.falcoTarget ?? null,
        input.firstAt ?? input.at,
      ],
    );
    const [created] = parseRows(groupRow, rows, 'group');
    if (created !== undefined) return { group: created, started: true, newSamples: added, closed };
    // Another transaction started the group first (and has committed): count into theirs.
  }
  throw new BotError(
    'store_conflict',
    `store: could not record an occurrence for fingerprint ${input.fingerprint} after ${MAX_ATTEMPTS} attempts`,
  );
}

function mergeSamples(
  existing: Readonly<Record<string, readonly string[]>>,
  incoming: Readonly<Record<string, readonly string[]>>,
  max: number,
): { samples: Record<string, string[]>; added: Record<string, string[]> } {
  const samples: Record<string, string[]> = {};
  for (const [field, values] of Object.entries(existing)) samples[field] = [...values];
  const added: Record<string, string[]> = {};
  for (const [field, values] of Object.entries(incoming)) {
    const kept = (samples[field] ??= []);
    for (const value of values) {
      if (kept.length >= max) break;
      if (kept.includes(value)) continue;
      kept.push(value);
      (added[field] ??= []).push(value);
    }
  }
  return { samples, added };
}

function compareKeys(a: OccurrenceInput, b: OccurrenceInput): number {
  if (a.fingerprint !== b.fingerprint) return a.fingerprint < b.fingerprint ? -1 : 1;
  if (a.channel !== b.channel) return a.channel < b.channel ? -1 : 1;
  return 0;
}
