/**
 * Mutes (`/falco mute <rule or fingerprint> <duration>`): while one is live, matching alerts are stored and counted
 * but not posted. A mute ends on its own at `until`, or earlier by `unmute`. Muting a target again replaces its live
 * mute, so there is one answer to "muted until when, by whom".
 */
import { z } from 'zod';
import { inTransaction, type Queryable } from './database.js';
import { nullableText, nullableTimestamp, parseRows, timestamp } from './rows.js';
import type { Mute, MuteTargetKind, NewMute } from '../triage/ports/index.js';

const muteRow = z
  .object({
    id: z.string(),
    target_kind: z.enum(['rule', 'fingerprint']),
    target: z.string(),
    until: timestamp,
    created_by: z.string(),
    reason: nullableText,
    created_at: timestamp,
    revoked_at: nullableTimestamp,
    revoked_by: nullableText,
    falco_target: nullableText,
  })
  .transform((row): Mute => ({
    id: row.id,
    targetKind: row.target_kind,
    target: row.target,
    until: row.until,
    createdBy: row.created_by,
    reason: row.reason,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    falcoTarget: row.falco_target,
  }));

const LIVE = 'revoked_at IS NULL AND until > $1';

export class MutesRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  /** Creates a mute, revoking the live one of the same target and Falco target (it is replaced, not stacked). */
  async mute(mute: NewMute): Promise<Mute> {
    return inTransaction(this.#q, async (tx) => {
      await tx.query(
        `UPDATE mutes SET revoked_at = $1, revoked_by = $2
         WHERE target_kind = $3 AND target = $4 AND falco_target IS NOT DISTINCT FROM $5 AND ${LIVE}`,
        [mute.createdAt, mute.createdBy, mute.targetKind, mute.target, mute.falcoTarget ?? null],
      );
      const { rows } = await tx.query(
        `INSERT INTO mutes (id, target_kind, target, until, created_by, reason, created_at, falco_target)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          mute.id,
          mute.targetKind,
          mute.target,
          mute.until,
          mute.createdBy,
          mute.reason,
          mute.createdAt,
          mute.falcoTarget ?? null,
        ],
      );
      const [created] = parseRows(muteRow, rows, 'mute');
      if (created === undefined) throw new Error('store: mute insert returned no row');
      return created;
    });
  }

  /** Ends the target's live mute (of that Falco target, or of all when null); undefined when it was not muted. */
  async unmute(
    targetKind: MuteTargetKind,
    target: string,
    by: string,
    now: Date,
    falcoTarget: string | null = null,
  ): Promise<Mute | undefined> {
    const { rows } = await this.#q.query(
      `UPDATE mutes SET revoked_at = $1, revoked_by = $2
       WHERE target_kind = $3 AND target = $4 AND falco_target IS NOT DISTINCT FROM $5 AND ${LIVE} RETURNING *`,
      [now, by, targetKind, target, falcoTarget],
    );
    return parseRows(muteRow, rows, 'mute')[0];
  }

  /** Live mutes, ending soonest first. */
  async live(now: Date): Promise<Mute[]> {
    const { rows } = await this.#q.query(`SELECT * FROM mutes WHERE ${LIVE} ORDER BY until, id`, [now]);
    return parseRows(muteRow, rows, 'mute');
  }

  /** The live mute covering an alert of this rule, fingerprint and target (the one lasting longest), if any. */
  async covering(
    rule: string,
    fingerprint: string,
    now: Date,
    falcoTarget: string | null = null,
  ): Promise<Mute | undefined> {
    const { rows } = await this.#q.query(
      `SELECT * FROM mutes WHERE ${LIVE}
         AND ((target_kind = 'rule' AND target = $2) OR (target_kind = 'fingerprint' AND target = $3))
         AND (falco_target IS NULL OR falco_target = $4)
       ORDER BY until DESC LIMIT 1`,
      [now, rule, fingerprint, falcoTarget],
    );
    return parseRows(muteRow, rows, 'mute')[0];
  }
}
