/**
 * Applies pending migrations at start-up. Everything happens in one transaction holding a PostgreSQL advisory lock
 * scoped to the schema, so replicas starting at the same moment take turns: the first applies, the others find
 * nothing left to do. DDL is transactional in PostgreSQL, so a failed migration leaves no half-made schema.
 */
import { createHash } from 'node:crypto';
import { BotError } from '../errors.js';
import type { Database } from './database.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export interface MigrateResult {
  /** Versions this call applied. */
  readonly applied: readonly number[];
  /** Versions that were already applied. */
  readonly alreadyApplied: readonly number[];
  /** Versions recorded in the database that this build does not know (a newer release migrated it). */
  readonly unknown: readonly number[];
}

export function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrateResult> {
  assertOrdered(migrations);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('falco-triage:migrate:' || current_schema()))`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const recorded = new Map(rows.map((row) => [Number(row.version), row]));
    const known = new Set(migrations.map((migration) => migration.version));
    const applied: number[] = [];
    const alreadyApplied: number[] = [];
    for (const migration of migrations) {
      const existing = recorded.get(migration.version);
      if (existing !== undefined) {
        if (existing.checksum !== checksumOf(migration)) {
          throw new BotError(
            'store_unavailable',
            `store: migration ${migration.version} (${migration.name}) differs from the one applied to this ` +
              'database; applied migrations must never be edited (add a new migration instead)',
          );
        }
        alreadyApplied.push(migration.version);
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        checksumOf(migration),
      ]);
      applied.push(migration.version);
    }
    const unknown = [...recorded.keys()].filter((version) => !known.has(version));
    return { applied, alreadyApplied, unknown };
  });
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous !== undefined && migration.version <= previous.version) {
      throw new Error(
        `store: migration versions must increase (${previous.version} then ${migration.version})`,
      );
    }
  });
}
