/**
 * The audit log: who did what to which subject, when. Append-only: this module offers no update or delete, and the
 * database refuses them too (triggers on UPDATE, DELETE and TRUNCATE).
 */
import { z } from 'zod';
import type { Queryable } from './database.js';
import { integer, jsonObject, parseRows, timestamp } from './rows.js';
import type { AuditEntry, NewAuditEntry } from '../triage/ports/index.js';

const auditRow = z
  .object({
    id: integer,
    at: timestamp,
    actor: z.string(),
    action: z.string(),
    subject_type: z.string(),
    subject_id: z.string(),
    details: jsonObject,
  })
  .transform((row): AuditEntry => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
  }));

export class AuditRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const { rows } = await this.#q.query(
      `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING *`,
      [
        entry.at,
        entry.actor,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        JSON.stringify(entry.details ?? {}),
      ],
    );
    const [appended] = parseRows(auditRow, rows, 'audit');
    if (appended === undefined) throw new Error('store: audit insert returned no row');
    return appended;
  }

  /** The history of one subject, oldest first. */
  async forSubject(subjectType: string, subjectId: string, limit = 200): Promise<AuditEntry[]> {
    const { rows } = await this.#q.query(
      'SELECT * FROM audit_log WHERE subject_type = $1 AND subject_id = $2 ORDER BY id LIMIT $3',
      [subjectType, subjectId, limit],
    );
    return parseRows(auditRow, rows, 'audit');
  }

  /** Newest first; pass the smallest id seen as `beforeId` for the next page. */
  async recent(limit = 50, beforeId?: number): Promise<AuditEntry[]> {
    const { rows } = await this.#q.query(
      'SELECT * FROM audit_log WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2',
      [beforeId ?? null, limit],
    );
    return parseRows(auditRow, rows, 'audit');
  }
}
