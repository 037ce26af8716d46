/**
 * The PostgreSQL store (`pg`), for production and for several replicas sharing one database. A pool of connections;
 * each transaction holds one connection from BEGIN to COMMIT.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BotError } from '../errors.js';
import type { CopyIn } from './alert-insert.js';
import {
  firstWords,
  quoteSchema,
  toStoreError,
  TransactionScope,
  withTimeout,
  type Database,
  type Queryable,
  type QueryResult,
} from './database.js';

export interface PostgresOptions {
  readonly url: string;
  /** Work in this schema (created when missing) instead of the server's default search path. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Called with errors of idle connections (server restart, network): the pool replaces them by itself. */
  readonly onIdleError?: (error: Error) => void;
}

export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const schema = options.schema === undefined ? undefined : quoteSchema(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    application_name: 'falco-triage',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new PostgresDatabase(pool);
  if (schema !== undefined) {
    try {
      await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }
  return db;
}

class PostgresDatabase implements Database, CopyIn {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #scope = new TransactionScope();
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    return runQuery<R>(this.#pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    try {
      await this.#pool.query(sql);
    } catch (error) {
      throw toStoreError(error, 'script');
    }
  }

  /** COPY alone is atomic: on a connection of its own, outside any transaction. */
  async copyIn(into: string, chunks: readonly string[]): Promise<void> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toStoreError(error, 'connect');
    }
    try {
      await copyInto(client, into, chunks);
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toStoreError(error, 'connecting');
    }
    let broken = false;
    try {
      await control(client, 'BEGIN');
      let result: T;
      try {
        result = await this.#scope.run(this, () => fn(new PostgresTransaction(client)));
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // never return a connection in an unknown transaction state to the pool
        }
        throw error;
      }
      await control(client, 'COMMIT');
      return result;
    } catch (error) {
      if (error instanceof BotError && error.code === 'store_unavailable') broken = true;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async ping(timeoutMs = 2000): Promise<void> {
    await withTimeout(this.query('SELECT 1'), timeoutMs, 'ping');
  }

  damage(): undefined {
    return undefined;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new BotError('store_unavailable', 'store: the database connection pool is closed');
  }
}

class PostgresTransaction implements Queryable, CopyIn {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return runQuery<R>(this.#client, sql, params);
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.#client.query(sql);
    } catch (error) {
      throw toStoreError(error, 'script');
    }
  }

  copyIn(into: string, chunks: readonly string[]): Promise<void> {
    return copyInto(this.#client, into, chunks);
  }
}

/** `COPY <into> FROM STDIN` on `client` with `chunks` (COPY's text format) as its input. */
async function copyInto(client: pg.PoolClient, into: string, chunks: readonly string[]): Promise<void> {
  try {
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${into} FROM STDIN`)));
  } catch (error) {
    throw toStoreError(error, `COPY ${into}`.slice(0, 60));
  }
}

async function control(client: pg.PoolClient, statement: 'BEGIN' | 'COMMIT'): Promise<void> {
  try {
    await client.query(statement);
  } catch (error) {
    throw toStoreError(error, statement);
  }
}

async function runQuery<R>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[],
): Promise<QueryResult<R>> {
  try {
    const result = await target.query(sql, params as unknown[]);
    return { rows: result.rows as R[], rowCount: Math.max(result.rows.length, result.rowCount ?? 0) };
  } catch (error) {
    throw toStoreError(error, firstWords(sql));
  }
}
