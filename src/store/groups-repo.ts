/**
 * Alert groups: repeats of one fingerprint in one channel share a Slack message while they keep arriving within the
 * grouping window. Recording an occurrence is atomic (row lock on the current group, unique index on the current
 * group of a fingerprint and channel), so concurrent intake requests and replicas count exactly and exactly one of
 * them learns that it started the group, i.e. that it must post the message.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { inTransaction, type Queryable } from './database.js';
import { integer, nullableText, nullableTimestamp, parseRow, parseRows, timestamp } from './rows.js';

export type GroupState = 'open' | 'acknowledged';

export interface AlertGroup {
  readonly id: string;
  readonly fingerprint: string;
  readonly channel: string;
  readonly rule: string;
  readonly firstAlertId: string;
  readonly lastAlertId: string;
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  /** Distinct values seen per field, capped (see `maxSamplesPerField`). */
  readonly samples: Readonly<Record<string, readonly string[]>>;
  readonly slackTs: string | null;
  readonly state: GroupState;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly mutedUntil: Date | null;
  /** Set when the window passed and a newer group took over this fingerprint and channel. */
  readonly closedAt: Date | null;
  readonly updatedAt: Date;
}

export interface OccurrenceInput {
  /** The id the group gets if this occurrence starts one (caller-made, see `newId`). */
  readonly newGroupId: string;
  readonly fingerprint: string;
  readonly channel: string;
  readonly rule: string;
  /** The latest alert folded into this call. */
  readonly alertId: string;
  /** The earliest alert folded into this call, when several are (defaults to `alertId`). */
  readonly firstAlertId?: string;
  /** When the alerts were seen (received). */
  readonly at: Date;
  /** How many alerts this call folds in (default 1): intake aggregates a batch per group. */
  readonly count?: number;
  /** Values of the identity fields seen in these alerts. */
  readonly samples?: Readonly<Record<string, readonly string[]>>;
  /** A current group whose last alert is older than this is closed, and a new group starts. */
  readonly windowMs: number;
  readonly maxSamplesPerField?: number;
}

export interface Occurrence {
  readonly group: AlertGroup;
  /** True when this call created the group: its caller posts the Slack message. */
  readonly started: boolean;
  /** Sample values this call added (new distinct values worth a thread reply). */
  readonly newSamples: Readonly<Record<string, readonly string[]>>;
  /** The stale group this call closed, if any. */
  readonly closed: AlertGroup | undefined;
}

export type AcknowledgeResult =
  | { readonly changed: true; readonly group: AlertGroup }
  | { readonly changed: false; readonly group: AlertGroup | undefined };

const DEFAULT_MAX_SAMPLES = 10;
const MAX_ATTEMPTS = 5;

const groupRow = z
  .object({
    id: z.string(),
    fingerprint: z.string(),
    channel: z.string(),
    rule: z.string(),
    first_alert_id: z.string(),
    last_alert_id: z.string(),
    count: integer,
    first_seen: timestamp,
    last_seen: timestamp,
    samples: z.record(z.string(), z.array(z.string())),
    slack_ts: nullableText,
    state: z.enum(['open', 'acknowledged']),
    acknowledged_by: nullableText,
    acknowledged_at: nullableTimestamp,
    muted_until: nullableTimestamp,
    closed_at: nullableTimestamp,
    updated_at: timestamp,
  })
  .transform((row): AlertGroup => ({
    id: row.id,
    fingerprint: row.fingerprint,
    channel: row.channel,
    rule: row.rule,
    firstAlertId: row.first_alert_id,
    lastAlertId: row.last_alert_id,
    count: row.count,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    samples: row.samples,
    slackTs: row.slack_ts,
    state: row.state,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    mutedUntil: row.muted_until,
    closedAt: row.closed_at,
    updatedAt: row.updated_at,
  }));

export class GroupsRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  /** Counts alerts into the current group of their fingerprint and channel, starting a group when needed. */
  async recordOccurrence(input: OccurrenceInput): Promise<Occurrence> {
    const [occurrence] = await this.recordOccurrences([input]);
    return occurrence as Occurrence;
  }

  /**
   * Several groups in one transaction (one intake batch). Locks are taken in (fingerprint, channel) order so that
   * concurrent batches cannot deadlock; results come back in input order.
   */
  async recordOccurrences(inputs: readonly OccurrenceInput[]): Promise<Occurrence[]> {
    const order = inputs
      .map((input, index) => ({ input, index }))
      .sort((a, b) => compareKeys(a.input, b.input));
    return inTransaction(this.#q, async (tx) => {
      const results: Occurrence[] = new Array<Occurrence>(inputs.length);
      for (const { input, index } of order) results[index] = await recordOne(tx, input);
      return results;
    });
  }

  async get(id: string): Promise<AlertGroup | undefined> {
    const { rows } = await this.#q.query('SELECT * FROM alert_groups WHERE id = $1', [id]);
    return parseRows(groupRow, rows, 'group')[0];
  }

  async current(fingerprint: string, channel: string): Promise<AlertGroup | undefined> {
    const { rows } = await this.#q.query(
      'SELECT * FROM alert_groups WHERE fingerprint = $1 AND channel = $2 AND closed_at IS NULL',
      [fingerprint, channel],
    );
    return parseRows(groupRow, rows, 'group')[0];
  }

  /** The group behind a Slack message (button clicks carry the channel and the message ts). */
  async findByMessage(channel: string, slackTs: string): Promise<AlertGroup | undefined> {
    const { rows } = await this.#q.query('SELECT * FROM alert_groups WHERE channel = $1 AND slack_ts = $2', [
      channel,
      slackTs,
    ]);
    return parseRows(groupRow, rows, 'group')[0];
  }

  /** Records the posted message's ts once; false when it was already set (a retried post must not overwrite). */
  async setSlackTs(id: string, slackTs: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.#q.query(
      'UPDATE alert_groups SET slack_ts = $2, updated_at = $3 WHERE id = $1 AND slack_ts IS NULL',
      [id, slackTs, now],
    );
    return rowCount === 1;
  }

  /** open → acknowledged, once: a second click (or a Slack retry) reports `changed: false`. */
  async acknowledge(id: string, by: string, at: Date): Promise<AcknowledgeResult> {
    const { rows } = await this.#q.query(
      `UPDATE alert_groups SET state = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, updated_at = $3
       WHERE id = $1 AND state = 'open' RETURNING *`,
      [id, by, at],
    );
    const [group] = parseRows(groupRow, rows, 'group');
    if (group !== undefined) return { changed: true, group };
    return { changed: false, group: await this.get(id) };
  }

  /** Stops posting updates for this group until `until` (null unmutes). */
  async muteUntil(id: string, until: Date | null, now: Date): Promise<AlertGroup | undefined> {
    const { rows } = await this.#q.query(
      'UPDATE alert_groups SET muted_until = $2, updated_at = $3 WHERE id = $1 RETURNING *',
      [id, until, now],
    );
    return parseRows(groupRow, rows, 'group')[0];
  }
}

async function recordOne(tx: Queryable, input: OccurrenceInput): Promise<Occurrence> {
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
         last_seen, samples, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9::jsonb, $8)
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
