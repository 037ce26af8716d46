/**
 * The embedded store's worker thread (src/store/pglite-worker.ts): the `Database` the bot really runs on, with PGlite
 * on a thread of its own. The shared contract suite runs on an in-thread PGlite (one instance per file, a schema per
 * test); this file checks what only the worker adds: statements as messages, one lane for transactions, errors with
 * their SQLSTATE across the thread boundary, COPY, and what happens when the thread is gone.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { BotError } from '../../../src/errors.js';
import type { Database } from '../../../src/store/database.js';
import { openEmbeddedDatabase } from '../../../src/store/pglite-database.js';
import { storeOver } from '../../../src/store/store.js';
import { DamageMonitor } from '../../../src/store/damage-monitor.js';
import { PGLITE_CONF } from '../../../src/store/pglite-conf.js';
import { openPgliteWorker } from '../../../src/store/pglite-worker.js';
import { WORKER_SOURCE } from '../../../src/store/pglite-worker-script.js';
import { migrate } from '../../../src/store/migrate.js';
import { makeAlert, pgliteSeed } from '../../helpers/store.js';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function database(): Promise<Database> {
  const db = await openEmbeddedDatabase({ seed: await pgliteSeed() });
  open.push(db);
  await db.exec('CREATE TABLE t (n int PRIMARY KEY, at timestamptz, doc jsonb)');
  return db;
}

describe('embedded store on its own thread', () => {
  it('runs statements and returns rows with Dates, numbers and JSON values', async () => {
    const db = await database();
    const at = new Date('2026-08-13T01:29:44.319Z');
    await db.query('INSERT INTO t VALUES ($1, $2, $3::jsonb)', [1, at, JSON.stringify({ a: [1, 'x'] })]);
    const { rows, rowCount } = await db.query<{ n: number; at: Date; doc: unknown }>('SELECT * FROM t');
    expect(rowCount).toBe(1);
    expect(rows[0]?.at).toBeInstanceOf(Date);
    expect(rows[0]).toEqual({ n: 1, at, doc: { a: [1, 'x'] } });
    expect((await db.query('UPDATE t SET n = 2')).rowCount).toBe(1);
  });

  it('commits a transaction, rolls back a failed one and passes the callback error through unchanged', async () => {
    const db = await database();
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (n) VALUES (1)');
      await tx.query('INSERT INTO t (n) VALUES (2)');
    });
    const mine = new Error('mine');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (n) VALUES (3)');
        throw mine;
      }),
    ).rejects.toBe(mine);
    expect((await db.query('SELECT n FROM t ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('keeps other statements out of an open transaction', async () => {
    const db = await database();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction(async (handle) => {
      await handle.query('INSERT INTO t (n) VALUES (1)');
      await gate;
      await handle.query('DELETE FROM t WHERE n = 1');
    });
    // Sent while the transaction is open: it runs after COMMIT, so it never sees the row.
    const outside = db.query<{ c: number }>('SELECT count(*)::int AS c FROM t');
    release();
    await tx;
    expect((await outside).rows).toEqual([{ c: 0 }]);
  });

  it('runs statements sent one after the other in order, without waiting for each answer before sending the next', async () => {
    const db = await database();
    const slow = db.query('INSERT INTO t (n) SELECT 1 FROM pg_sleep(0.2)');
    const next = db.query<{ c: number }>('SELECT count(*)::int AS c FROM t');
    const tx = db.transaction((handle) => handle.query<{ c: number }>('SELECT count(*)::int AS c FROM t'));
    await slow;
    expect((await next).rows).toEqual([{ c: 1 }]);
    expect((await tx).rows).toEqual([{ c: 1 }]);
    // A failed statement does not stop the ones sent after it.
    const failed = db.query('INSERT INTO t (n) VALUES (1)');
    const after = db.query<{ c: number }>('SELECT count(*)::int AS c FROM t');
    await expect(failed).rejects.toMatchObject({ code: 'store_conflict' });
    expect((await after).rows).toEqual([{ c: 1 }]);
  });

  it('refuses a call on the database from inside its own transaction instead of deadlocking', async () => {
    const db = await database();
    await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toThrow(/inside its own transaction/);
    await expect(db.query('SELECT 1')).resolves.toMatchObject({ rowCount: 1 });
  });

  it('maps failures by their SQLSTATE: a duplicate key is a conflict, a NUL in text a data error', async () => {
    const db = await database();
    await db.query('INSERT INTO t (n) VALUES (1)');
    await expect(db.query('INSERT INTO t (n) VALUES (1)')).rejects.toMatchObject({
      code: 'store_conflict',
      message: expect.stringMatching(/duplicate key.*\(SQLSTATE 23505\)$/),
    });
    await expect(db.query(`SELECT '\\u0000'::jsonb`)).rejects.toMatchObject({ code: 'store_data_error' });
    // The connection is still usable.
    await expect(db.query('SELECT count(*)::int AS c FROM t')).resolves.toMatchObject({ rows: [{ c: 1 }] });
  });

  it('stores alerts with COPY, once per Falcosidekick uuid, inside and outside a transaction', async () => {
    const db = await openEmbeddedDatabase({ seed: await pgliteSeed() });
    open.push(db);
    await migrate(db);
    const store = storeOver(db);
    const first = makeAlert({ dedupeKey: 'uuid-1', output: 'tab\there, newline\nthere, backslash \\ end' });
    const again = makeAlert({ dedupeKey: 'uuid-1' });
    const plain = makeAlert({ tags: ['a "quoted" tag', 'back\\slash'], hostname: null });
    // Enough alerts for a bulk load (smaller batches are one INSERT statement).
    const filler = Array.from({ length: 64 }, () => makeAlert());
    expect(await store.alerts.insert([first, again, plain, ...filler])).toEqual([
      { id: first.id, duplicate: false },
      { id: first.id, duplicate: true },
      { id: plain.id, duplicate: false },
      ...filler.map((alert) => ({ id: alert.id, duplicate: false })),
    ]);
    const later = makeAlert({ dedupeKey: 'uuid-1' });
    expect(await store.transaction((tx) => tx.alerts.insert([later]))).toEqual([
      { id: first.id, duplicate: true },
    ]);
    expect(await store.alerts.getMany([first.id, plain.id])).toEqual([first, plain]);
  });

  it('fails every statement with store_unavailable once closed, and closes twice without complaint', async () => {
    const db = await database();
    await db.close();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(db.transaction(() => Promise.resolve(undefined))).rejects.toBeInstanceOf(BotError);
  });

  it('answers store_unavailable when its thread is gone, instead of hanging', async () => {
    // The real worker body plus a listener that ends the thread when it sees one statement.
    const db = await openPgliteWorker({
      pglite: { postgresqlconf: PGLITE_CONF, loadDataDir: await pgliteSeed() },
      monitor: new DamageMonitor(),
      source: `${WORKER_SOURCE}\nworkerData.port.on('message', (m) => { if (m.sql === 'SELECT 42') process.exit(3); });`,
    });
    open.push(db);
    await expect(db.query('SELECT 1')).resolves.toMatchObject({ rowCount: 1 });
    await expect(db.query('SELECT 42')).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringMatching(/thread exited \(code 3\)/),
    });
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(db.transaction(() => Promise.resolve(undefined))).rejects.toMatchObject({
      code: 'store_unavailable',
    });
  });
});
