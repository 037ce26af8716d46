/**
 * The metrics-reporter lock: of the processes on one PostgreSQL schema exactly one reports the database-wide gauges,
 * and another takes over when it stops or loses its connection. The embedded store has one process: it reports.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { quoteSchema } from '../../../src/store/database.js';
import {
  openMetricsReporterLock,
  type MetricsReporterLock,
} from '../../../src/store/metrics-reporter-lock.js';
import { terminateMetricsReporter } from '../../helpers/metrics-reporter.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';

describe('metrics-reporter lock (embedded)', () => {
  it('always reports: one process per data directory', async () => {
    const lock = openMetricsReporterLock({ kind: 'embedded', dataDir: '/nonexistent' });

    expect(await lock.holds()).toBe(true);
    await lock.close();
  });
});

const enabled = TEST_DATABASE_URL !== undefined && TEST_DATABASE_URL !== '';

describe('metrics-reporter lock (postgres)', () => {
  if (!enabled) {
    it('needs TEST_DATABASE_URL (not set here): nothing to run against', () => {
      expect(TEST_DATABASE_URL ?? '').toBe('');
    });
    return;
  }
  const url = TEST_DATABASE_URL ?? '';
  const schema = `lock_${process.pid}_${Date.now()}`;
  const locks: MetricsReporterLock[] = [];
  const open = (inSchema = schema): MetricsReporterLock => {
    const lock = openMetricsReporterLock({ kind: 'postgres', url }, { schema: inSchema });
    locks.push(lock);
    return lock;
  };

  const schemas = [schema, `${schema}_other`];
  const admin = new pg.Pool({ connectionString: url, max: 1 });

  beforeAll(async () => {
    for (const name of schemas) await admin.query(`CREATE SCHEMA ${quoteSchema(name)}`);
  });

  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.close();
  });

  afterAll(async () => {
    for (const name of schemas) await admin.query(`DROP SCHEMA ${quoteSchema(name)}`);
    await admin.end();
  });

  it('lets exactly one of several replicas report, at every check', async () => {
    const replicas = [open(), open(), open()];

    const reporters = new Set<number>();
    for (let scrape = 0; scrape < 3; scrape += 1) {
      const holding = await Promise.all(replicas.map((lock) => lock.holds()));
      expect(holding.filter(Boolean)).toHaveLength(1);
      reporters.add(holding.indexOf(true));
    }

    expect(reporters.size).toBe(1); // the one that took it keeps it
  });

  it('hands over when the reporter stops', async () => {
    const [first, second] = [open(), open()];
    expect(await first.holds()).toBe(true);
    expect(await second.holds()).toBe(false);

    await first.close();

    expect(await second.holds()).toBe(true);
    expect(await first.holds()).toBe(false);
  });

  it('hands over when the reporter loses its connection, which it notices at its next check', async () => {
    const [first, second] = [open(), open()];
    expect(await first.holds()).toBe(true);
    expect(await second.holds()).toBe(false);

    expect(await terminateMetricsReporter(admin, schema)).toBe(true);
    // The server ends the session at once, but pg_terminate_backend does not wait for the lock to be released.
    let taken = false;
    for (let tries = 0; tries < 50 && !taken; tries += 1) {
      taken = await second.holds();
      if (!taken) await new Promise((done) => setTimeout(done, 20));
    }

    expect(taken).toBe(true);
    expect(await first.holds()).toBe(false);
  });

  it('keeps installations in different schemas apart', async () => {
    const here = open();
    const elsewhere = open(schemas[1]);

    expect(await here.holds()).toBe(true);
    expect(await elsewhere.holds()).toBe(true);
  });

  it('says no (and does not throw) when the server cannot be reached', async () => {
    const lock = openMetricsReporterLock({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:9/test' });
    locks.push(lock);

    expect(await lock.holds()).toBe(false);
  });
});
