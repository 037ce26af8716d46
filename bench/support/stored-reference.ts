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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';

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

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      const items = (Array.isArray(parsed) ? parsed : [parsed]).map((item) => JSON.stringify(item));
      queue.push({
        items,
        done: (error) => {
          res.writeHead(error === undefined ? 202 : 503, { 'content-type': 'application/json' });
          res.end(`{"stored":${error === undefined ? items.length : 0}}`);
        },
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
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/falco/alerts`,
    async stored() {
      const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts');
      return rows[0]?.n ?? 0;
    },
    async close() {
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
      await pg.close();
    },
  };
}
