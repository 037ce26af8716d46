/**
 * The intake bench's durable reference: about the least a server can do to store alerts durably. It reads the body,
 * JSON-parses it, and INSERTs each alert's JSON text into a one-table database, with group commit across concurrent
 * requests (one INSERT per batch, the next batch filling meanwhile), and answers 202 after the commit.
 *
 * Two stores, as the bot has: the embedded one (PGlite on disk, the bot's settings and initdb seed) and PostgreSQL
 * (the same server the bot is measured on, a table in a schema of its own, dropped at close).
 *
 * The parse-only baseline shows what HTTP and JSON cost; this one shows what the store's cheapest durable write
 * costs on the same machine. The bot's work on top (validation, routing, fingerprints, grouping, outbox jobs) is the
 * gap between this reference and the bot.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PGLITE_CONF } from '../../src/store/pglite-conf.js';
import { startJsonServer } from './json-server.js';

export interface StoredReference {
  readonly url: string;
  stored(): Promise<number>;
  close(): Promise<void>;
}

export type ReferenceStore =
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly seed: Blob | undefined }
  | { readonly kind: 'postgres'; readonly url: string };

interface Waiter {
  readonly items: readonly string[];
  done(error?: unknown): void;
}

interface Table {
  /** INSERTs the JSON array of texts `json` (one row per element). */
  insert(json: string): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
}

const INSERT = 'INSERT INTO alerts (raw) SELECT value FROM json_array_elements_text($1::json)';

async function openTable(store: ReferenceStore): Promise<Table> {
  if (store.kind === 'embedded') {
    const db = await PGlite.create({
      dataDir: store.dataDir,
      postgresqlconf: [...PGLITE_CONF],
      ...(store.seed === undefined ? {} : { loadDataDir: store.seed }),
    });
    await db.exec('CREATE TABLE IF NOT EXISTS alerts (id bigserial PRIMARY KEY, raw text NOT NULL)');
    return {
      insert: async (json) => void (await db.query(INSERT, [json])),
      count: async () =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts')).rows[0]?.n ?? 0,
      close: () => db.close(),
    };
  }
  const schema = `bench_reference_${process.pid}_${Date.now()}`;
  const pool = new pg.Pool({ connectionString: store.url, max: 2, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query('CREATE TABLE alerts (id bigserial PRIMARY KEY, raw text NOT NULL)');
  return {
    insert: async (json) => void (await pool.query(INSERT, [json])),
    count: async () =>
      (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts')).rows[0]?.n ?? 0,
    close: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}

export async function startStoredReference(store: ReferenceStore): Promise<StoredReference> {
  const table = await openTable(store);
  let queue: Waiter[] = [];
  let committing = false;
  let scheduled = false;
  const commitQueued = async (): Promise<void> => {
    if (committing) return;
    committing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await table.insert(JSON.stringify(batch.flatMap((waiter) => waiter.items)));
        for (const waiter of batch) waiter.done();
      } catch (error) {
        for (const waiter of batch) waiter.done(error);
      }
    }
    committing = false;
  };

  const server = await startJsonServer((parsed, answer) => {
    const items = (Array.isArray(parsed) ? parsed : [parsed]).map((item) => JSON.stringify(item));
    queue.push({
      items,
      done: (error) =>
        error === undefined ? answer(202, `{"stored":${items.length}}`) : answer(503, '{"stored":0}'),
    });
    // Start the commit after this poll phase, so every request read in it shares the transaction.
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void commitQueued();
      });
    }
  });
  return {
    url: server.url,
    stored: () => table.count(),
    async close() {
      await server.close();
      await table.close();
    },
  };
}
