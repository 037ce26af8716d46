/**
 * Alert groups: repeats of one fingerprint in one channel share a Slack message while they keep arriving within the
 * grouping window. Recording an occurrence is atomic (row lock on the current group, unique index on the current
 * group of a fingerprint and channel), so concurrent intake requests and replicas count exactly and exactly one of
 * them learns that it started the group, i.e. that it must post the message.
 */
import { inTransaction, type Queryable } from './database.js';
import { recordOccurrences } from './group-occurrences.js';
import { groupRow } from './group-row.js';
import { lockForTriage, saveTriage, setEscalationAnnounced, triageSummary } from './group-triage.js';
import { parseRows } from './rows.js';
import type {
  AcknowledgeResult,
  AlertGroup,
  GroupTriage,
  Occurrence,
  OccurrenceInput,
  TriageSummary,
} from '../triage/ports/index.js';

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
   * Several groups in one transaction (one intake batch), with a fixed number of statements (group-occurrences.ts).
   * Locks are taken in (fingerprint, channel) order so that concurrent batches cannot deadlock; results come back in
   * input order.
   */
  async recordOccurrences(inputs: readonly OccurrenceInput[]): Promise<Occurrence[]> {
    return inTransaction(this.#q, (tx) => recordOccurrences(tx, inputs));
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

  /**
   * Forgets the group's Slack message (someone deleted it in Slack): the group's next alert posts a new one. Only
   * when the message is still the one recorded (`slackTs`); false otherwise.
   */
  async forgetMessage(id: string, slackTs: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.#q.query(
      'UPDATE alert_groups SET slack_ts = NULL, updated_at = $3 WHERE id = $1 AND slack_ts = $2',
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

  /** Locks the group until the transaction ends (group-triage.ts). */
  lockForTriage(id: string): Promise<AlertGroup | undefined> {
    return lockForTriage(this.#q, id);
  }

  /** Writes the triage state and the status column that follows from it (group-triage.ts). */
  saveTriage(id: string, triage: GroupTriage, now: Date): Promise<AlertGroup | undefined> {
    return saveTriage(this.#q, id, triage, now);
  }

  /** Records the escalation's thread reply once; false when it was already recorded. */
  setEscalationAnnounced(id: string, ts: string, now: Date): Promise<boolean> {
    return setEscalationAnnounced(this.#q, id, ts, now);
  }

  /** Triage over the groups last seen since `since`, for `/falco status` (group-triage.ts). */
  triageSummary(since: Date, limit: number): Promise<TriageSummary> {
    return triageSummary(this.#q, since, limit);
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
