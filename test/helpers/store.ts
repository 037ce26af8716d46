/**
 * Store test environments. The contract suite runs once per backend: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set. Every test gets a fresh schema (migrated from nothing), dropped after the test.
 *
 * PGlite's initdb takes seconds, so it runs once per machine: its data directory is dumped to a tarball cached in the
 * OS temp directory (keyed by the PGlite version) and each test file loads it (about half a second).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { quoteSchema, type Database } from '../../src/store/database.js';
import { newId } from '../../src/store/ids.js';
import { migrate } from '../../src/store/migrate.js';
import { wrapPglite } from '../../src/store/pglite-database.js';
import { openPostgresDatabase } from '../../src/store/postgres-database.js';
import { storeOver, type Store } from '../../src/store/store.js';

export type StoreBackend = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The backends the contract suite runs against here. */
export function storeBackends(): StoreBackend[] {
  return TEST_DATABASE_URL === undefined || TEST_DATABASE_URL === '' ? ['pglite'] : ['pglite', 'postgres'];
}

export interface StoreTestEnv {
  /** A migrated store in a schema of its own. */
  fresh(): Promise<Store>;
  /** An unmigrated database handle on a schema of its own (or on `schemaOf(store)` when given). */
  database(schema?: string): Promise<Database>;
  /** The schema a store from `fresh()` works in. */
  schemaOf(store: Store): string;
}

let schemaCounter = 0;

/**
 * Registers the hooks for one backend inside a `describe`: schemas made during a test are dropped after it, the
 * PGlite instance (one per file) is closed after all tests.
 */
export function storeTestEnv(backend: StoreBackend): StoreTestEnv {
  let instance: PGlite | undefined;
  let admin: pg.Pool | undefined;
  const handles: Database[] = [];
  const schemas = new Set<string>();
  const schemaByStore = new WeakMap<Store, string>();

  beforeAll(async () => {
    if (backend === 'pglite') instance = await PGlite.create({ loadDataDir: await pgliteSeed() });
    else admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  }, 120_000);

  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    for (const schema of schemas) {
      const drop = `DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`;
      if (instance !== undefined) await instance.exec(`${drop}; SET search_path TO public`);
      else await admin?.query(drop);
    }
    schemas.clear();
  });

  afterAll(async () => {
    await instance?.close();
    await admin?.end();
  });

  async function database(schema?: string): Promise<Database> {
    const name = schema ?? newSchemaName();
    schemas.add(name);
    const db =
      backend === 'pglite'
        ? await wrapPglite(requireInstance(instance), { schema: name, owned: false })
        : await openPostgresDatabase({ url: TEST_DATABASE_URL ?? '', schema: name, poolSize: 20 });
    handles.push(db);
    return db;
  }

  return {
    database,
    async fresh() {
      const schema = newSchemaName();
      const db = await database(schema);
      await migrate(db);
      const store = storeOver(db);
      schemaByStore.set(store, schema);
      return store;
    },
    schemaOf(store) {
      const schema = schemaByStore.get(store);
      if (schema === undefined) throw new Error('not a store from fresh()');
      return schema;
    },
  };
}

function newSchemaName(): string {
  return `ft_test_${process.pid}_${++schemaCounter}_${Math.floor(Math.random() * 1e6)}`;
}

function requireInstance(instance: PGlite | undefined): PGlite {
  if (instance === undefined) throw new Error('the PGlite instance is not open (beforeAll did not run?)');
  return instance;
}

export { pgliteSeed, pgliteSeedPath } from '../../src/store/index.js';
import { pgliteSeed } from '../../src/store/index.js';
import type { NewAlert } from '../../src/triage/ports/index.js';

/** The fixture's text exactly as on disk: what intake would store as the raw payload. */
export const FIXTURE_RAW = readFileSync(
  resolve(
    process.cwd(),
    '../shared/fixtures/alerts/json/029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json',
  ),
  'utf8',
);

const fixture = JSON.parse(FIXTURE_RAW) as {
  output: string;
  output_fields: Record<string, unknown>;
  hostname: string;
  tags: string[];
  rule: string;
};

/** A realistic alert (the 0.44.1 "Read sensitive file untrusted" capture), with overrides. */
export function makeAlert(overrides: Partial<NewAlert> = {}): NewAlert {
  const now = overrides.receivedAt ?? new Date('2026-08-13T01:29:45.000Z');
  return {
    id: newId(now.getTime()),
    receivedAt: now,
    eventTime: new Date('2026-08-13T01:29:44.319Z'),
    rule: fixture.rule,
    priority: 'Warning',
    priorityLevel: 4,
    source: 'syscall',
    hostname: fixture.hostname,
    tags: fixture.tags,
    output: fixture.output,
    outputFields: fixture.output_fields,
    raw: FIXTURE_RAW,
    fingerprint: 'fp-read-sensitive-cat',
    dedupeKey: null,
    origin: 'falco',
    route: null,
    channels: ['C0123456789'],
    falcoTarget: null,
    ...overrides,
  };
}
