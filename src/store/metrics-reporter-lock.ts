/**
 * Which replica reports the database-wide gauges. Every replica on one PostgreSQL sees the same outbox and the same
 * proposals; if each reported them, `sum()` in Prometheus would count them once per replica. So exactly one does:
 * the one holding a session-level advisory lock (`pg_try_advisory_lock`, which never waits) on a connection of its
 * own, outside the pool.
 *
 * - Checked at every scrape: a replica that does not hold the lock tries again (non-blocking); one that holds it
 *   checks that its connection is alive (the lock lives exactly as long as the session).
 * - A replica that stops closes the connection, which frees the lock; one that dies or loses its connection frees
 *   it when PostgreSQL notices the session is gone (TCP keepalives: within about a minute). Another replica takes
 *   it at its next scrape.
 * - It needs a real session: behind a pooler in transaction mode (PgBouncer `pool_mode=transaction`) session locks
 *   do not hold; point DATABASE_URL at PostgreSQL or a session-mode pool.
 * - The key is per schema (`hashtext(current_schema())`), so separate installations sharing a server do not
 *   compete.
 *
 * The embedded store has one process by construction (the data-directory lock): it always reports.
 */
import pg from 'pg';
import { quoteSchema } from './database.js';
import type { StoreConfig } from './store.js';

/** The first key of the two-key advisory lock (4_660_001 is the groups'; the migration lock uses the one-key form). */
const REPORTER_LOCK_SPACE = 4_660_002;
const CHECK_TIMEOUT_MS = 2000;

export interface MetricsReporterLock {
  /** Whether this process reports the database-wide gauges now. Never throws: a failure counts as "no". */
  holds(): Promise<boolean>;
  /** Frees the lock (another replica takes over at its next scrape). */
  close(): Promise<void>;
}

export function openMetricsReporterLock(
  config: StoreConfig,
  options: { readonly schema?: string } = {},
): MetricsReporterLock {
  if (config.kind === 'embedded') {
    return { holds: () => Promise.resolve(true), close: () => Promise.resolve() };
  }
  return new PostgresReporterLock(config.url, options.schema);
}

class PostgresReporterLock implements MetricsReporterLock {
  readonly #url: string;
  readonly #schema: string | undefined;
  #client: pg.Client | undefined;
  #held = false;
  #closed = false;
  /** Concurrent scrapes share one check. */
  #checking: Promise<boolean> | undefined;

  constructor(url: string, schema: string | undefined) {
    this.#url = url;
    this.#schema = schema === undefined ? undefined : quoteSchema(schema);
  }

  holds(): Promise<boolean> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#checking?.catch(() => undefined);
    await this.#drop();
  }

  async #check(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      const client = this.#client ?? (await this.#connect());
      if (this.#held) {
        await client.query('SELECT 1');
        return true;
      }
      const { rows } = await client.query<{ held: boolean | null }>(
        "SELECT pg_try_advisory_lock($1, hashtext(coalesce(current_schema(), ''))) AS held",
        [REPORTER_LOCK_SPACE],
      );
      this.#held = rows[0]?.held === true;
      return this.#held;
    } catch {
      // The connection is gone or broken, and with it any lock it held: start afresh at the next scrape.
      await this.#drop();
      return false;
    }
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#url,
      connectionTimeoutMillis: CHECK_TIMEOUT_MS,
      query_timeout: CHECK_TIMEOUT_MS,
      application_name: 'falco-triage metrics-reporter',
      ...(this.#schema === undefined ? {} : { options: `-c search_path=${this.#schema}` }),
    });
    // Without a listener, a connection the server drops while idle would crash the process.
    client.on('error', () => {
      if (this.#client === client) void this.#drop();
    });
    this.#client = client;
    await client.connect();
    // A replica that dies without closing (node lost, network cut) holds the lock until PostgreSQL notices; with
    // the kernel's default keepalive that is two hours. Probing every 30 s frees it within about a minute.
    await client.query(
      'SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3',
    );
    return client;
  }

  async #drop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#held = false;
    await client?.end().catch(() => undefined);
  }
}
