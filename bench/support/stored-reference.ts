/**
 * A second reference for the intake bench: about the least a server can do to store alerts durably on the embedded
 * store. It reads the body, JSON-parses it, and INSERTs each alert's JSON text into a one-table PGlite database on
 * disk (the bot's PGlite settings, the same initdb seed), with group commit across concurrent requests, and answers
 * 202 after the commit.
 *
 * The parse-only baseline shows what HTTP and JSON cost; this one shows what the embedded store's cheapest durable
 * write costs on the same machine. The bot's work on top (validation, routing, fingerprints, grouping, outbox jobs)
 * is the gap between this reference and the bot.
 */
import { PGlite } from '@electric-sql/pglite';
import { startJsonServer } from './json-server.js';

export interface StoredReference {
  readonly url: string;
  stored(): Promise<number>;
  close(): Promise<void>;
}

interface Waiter {
  readonly items: readonly string[];
  done(error?: unknown): void;
}

export async function startStoredReference(
  dataDir: string,
  seed: Blob | undefined,
): Promise<StoredReference> {
  const pg = await PGlite.create({
    dataDir,
    postgresqlconf: ['shared_buffers = 16MB'],
    ...(seed === undefined ? {} : { loadDataDir: seed }),
  });
  await pg.exec('CREATE TABLE IF NOT EXISTS alerts (id bigserial PRIMARY KEY, raw text NOT NULL)');

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
        await pg.query('INSERT INTO alerts (raw) SELECT value FROM json_array_elements_text($1::json)', [
          JSON.stringify(batch.flatMap((waiter) => waiter.items)),
        ]);
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
    async stored() {
      const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts');
      return rows[0]?.n ?? 0;
    },
    async close() {
      await server.close();
      await pg.close();
    },
  };
}
