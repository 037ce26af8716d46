import { describe, expect, it } from '@jest/globals';
import { BotError } from '../../../src/errors.js';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS, type Migration } from '../../../src/store/migrations/index.js';
import { openPostgresDatabase } from '../../../src/store/postgres-database.js';
import { openStore } from '../../../src/store/store.js';
import { makeAlert, storeBackends, storeTestEnv, TEST_DATABASE_URL } from '../../helpers/store.js';

const VERSIONS = MIGRATIONS.map((migration) => migration.version);
const NEXT = Math.max(...VERSIONS) + 1; // a migration from a release newer than this build

const tables = async (db: { query: (sql: string) => Promise<{ rows: unknown[] }> }) =>
  (
    await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    )
  ).rows.map((row) => (row as { table_name: string }).table_name);

describe.each(storeBackends())('database and migrations (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('migrates an empty schema, and running the migrations again changes nothing', async () => {
    const db = await env.database();
    expect(await migrate(db)).toEqual({ applied: VERSIONS, alreadyApplied: [], unknown: [] });
    expect(await tables(db)).toEqual([
      'alert_groups',
      'alerts',
      'approvals',
      'audit_log',
      'grouping_backlog',
      'home_views',
      'mutes',
      'outbox',
      'proposals',
      'schema_migrations',
      'slack_events',
    ]);
    expect(await migrate(db)).toEqual({ applied: [], alreadyApplied: VERSIONS, unknown: [] });
  });

  it('applies migrations once when two replicas start at the same moment', async () => {
    const first = await env.database();
    const schema = (await first.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
    const second = await env.database(schema);
    const results = await Promise.all([migrate(first), migrate(second), migrate(first)]);
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 0, VERSIONS.length]);
    expect((await first.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
      VERSIONS.map((version) => ({ version })),
    );
  });

  it('applies nothing when one migration fails (all in one transaction)', async () => {
    const db = await env.database();
    const broken: Migration = {
      version: NEXT,
      name: 'broken',
      sql: 'CREATE TABLE later (a int); SELECT nope FROM nowhere',
    };
    await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(await tables(db)).toEqual([]);
  });

  it('refuses a database whose applied migration was edited, and tolerates versions from a newer release', async () => {
    const db = await env.database();
    const later: Migration = { version: NEXT, name: 'later', sql: 'CREATE TABLE later (a int)' };
    await migrate(db, [...MIGRATIONS, later]);
    expect(await migrate(db)).toEqual({ applied: [], alreadyApplied: VERSIONS, unknown: [NEXT] });
    const edited: Migration = { ...later, sql: 'CREATE TABLE later (a bigint)' };
    await expect(migrate(db, [...MIGRATIONS, edited])).rejects.toThrow(
      new RegExp(`migration ${NEXT} \\(later\\) differs`),
    );
  });

  it('commits a transaction when its callback resolves and rolls it back, error unchanged, when it throws', async () => {
    const store = await env.fresh();
    const kept = makeAlert();
    await store.transaction(async (tx) => {
      await tx.alerts.insert([kept]);
      await tx.audit.append({
        at: new Date(),
        actor: 'system',
        action: 'a',
        subjectType: 's',
        subjectId: '1',
      });
    });
    const lost = makeAlert();
    const failure = new Error('the Slack post failed');
    await expect(
      store.transaction(async (tx) => {
        await tx.alerts.insert([lost]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.alerts.get(kept.id)).toBeDefined();
    expect(await store.alerts.get(lost.id)).toBeUndefined();
    expect(await store.audit.recent()).toHaveLength(1);
  });

  it('refuses, instead of deadlocking, a call to the store itself from inside its own transaction', async () => {
    const store = await env.fresh();
    await expect(store.transaction(() => store.alerts.get(makeAlert().id))).rejects.toThrow(
      /inside its own transaction/,
    );
    await expect(store.ping()).resolves.toBeUndefined(); // and the store still works afterwards
  });

  it('answers ping while open and reports store_unavailable once closed', async () => {
    const store = await env.fresh();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.alerts.insert([makeAlert()])).rejects.toBeInstanceOf(BotError);
  });

  it('maps a constraint violation to store_conflict, with the SQLSTATE kept in the message', async () => {
    const store = await env.fresh();
    const alert = makeAlert();
    await store.alerts.insert([alert]);
    await expect(store.alerts.insert([alert])).rejects.toMatchObject({
      code: 'store_conflict',
      message: expect.stringContaining('SQLSTATE 23505'),
    });
  });

  it('maps a value the database refuses to store_data_error (a NUL in text)', async () => {
    const store = await env.fresh();
    await expect(store.db.query('SELECT $1::text', ['a\u0000b'])).rejects.toMatchObject({
      code: 'store_data_error',
      message: expect.stringContaining('SQLSTATE 22021'),
    });
  });

  it('maps a value over a database limit to store_data_error (a rule name too large for its index row)', async () => {
    const store = await env.fresh();
    // A btree entry holds about a third of a page: 15 KB of text that does not compress overflows it.
    const rule = Array.from({ length: 5000 }, (_, i) =>
      String.fromCharCode(0x4e00 + ((i * 7919) % 20000)),
    ).join('');
    await expect(store.alerts.insert([makeAlert({ rule })])).rejects.toMatchObject({
      code: 'store_data_error',
      message: expect.stringContaining('SQLSTATE 54000'),
    });
  });
});

describe('PostgreSQL store edges', () => {
  it('reports an unreachable server as store_unavailable, fast', async () => {
    const db = await openPostgresDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      await expect(db.ping(3000)).rejects.toMatchObject({ code: 'store_unavailable' });
      await expect(db.transaction(() => Promise.resolve())).rejects.toMatchObject({
        code: 'store_unavailable',
      });
    } finally {
      await db.close();
    }
  });

  const withServer = TEST_DATABASE_URL ? it : it.skip; // skipped without TEST_DATABASE_URL (no server to open)
  withServer('opens from the configuration shape, migrated and ready', async () => {
    const schema = `ft_test_open_${process.pid}`;
    const store = await openStore({ kind: 'postgres', url: TEST_DATABASE_URL ?? '' }, { schema });
    try {
      await store.ping();
      expect(await migrate(store.db)).toMatchObject({ applied: [] });
      expect(store.kind).toBe('postgres');
    } finally {
      await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
    }
  });
});
