/**
 * The embedded store: PostgreSQL compiled to WebAssembly (PGlite), in-process, persisted under a data directory.
 *
 * PGlite has one connection. Its own mutex already keeps a transaction from interleaving with other statements; this
 * adapter adds the error mapping, the nested-call guard and the data-directory lock.
 *
 * An existing data directory is checked before it is opened (startup-check.ts): damage stops the start with a message
 * naming the files instead of PGlite's `Aborted()`, and damage a query runs into later is watched for
 * (damage-monitor.ts).
 *
 * Durability: PGlite runs PostgreSQL with fsync off, so a commit survives the process being killed (the pages are in
 * the OS) but not a power loss. Use PostgreSQL (`DATABASE_URL`) where that matters.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type Transaction } from '@electric-sql/pglite';
import { BotError } from '../errors.js';
import type { CopyIn } from './alert-insert.js';
import { DamageMonitor, type RuntimeDamage } from './damage-monitor.js';
import { lockDataDir, type DataDirLock, type LockOptions } from './data-dir-lock.js';
import { PGLITE_CONF, PGLITE_SUBDIR } from './pglite-conf.js';
import { initDataDirInChild } from './pglite-initdb.js';
import { openPgliteWorker } from './pglite-worker.js';
import { checkDataDir, type StartupCheckOptions, type StartupCheckReport } from './startup-check.js';
import { StoreDamagedError } from './store-damage.js';
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

/**
 * The start-up check's default watchdog. Checking 100,000 alerts takes about 4 s of CPU (bench/store-check.bench.ts):
 * a minute leaves room for a slow disk or a busy machine.
 */
export const DEFAULT_STARTUP_CHECK_MS = 60_000;

export interface EmbeddedOptions {
  /** How the data directory lock waits for, and judges, another holder (tests shorten it). */
  readonly lock?: LockOptions;
  /** Omit for an in-memory database (tests). */
  readonly dataDir?: string;
  /**
   * A `dumpDataDir()` tarball used instead of initdb when the data directory is empty (initdb takes seconds; loading
   * a dump about half a second). Tests and benchmarks pass a cached one.
   */
  readonly seed?: Blob;
  /** Work in this schema (created when missing) instead of `public`. */
  readonly schema?: string;
  /** Node flags for the initdb child process (none by default; tests make it fail with one). */
  readonly initdbExecArgv?: readonly string[];
  /**
   * The check of an existing data directory before it is opened (see startup-check.ts); damage rejects with a
   * `StoreDamagedError`. Default: a 60 s watchdog.
   */
  readonly startupCheck?: StartupCheckOptions;
  /** Told the outcome of a start-up check that found no damage (for the log). */
  readonly onStartupCheck?: (report: StartupCheckReport) => void;
  /** Told once when a query finds the store damaged (see damage-monitor.ts). */
  readonly onDamage?: (damage: RuntimeDamage) => void;
}

export async function openEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<Database> {
  let lock: DataDirLock | undefined;
  let pgDir: string | undefined;
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = await lockDataDir(options.dataDir, options.lock);
    pgDir = join(options.dataDir, PGLITE_SUBDIR);
  }
  try {
    const fresh = pgDir === undefined || isEmptyDir(pgDir);
    // initdb in this process would leave its memory behind for good (see pglite-initdb.ts).
    if (fresh && pgDir !== undefined && options.seed === undefined)
      await initDataDirInChild(pgDir, options.initdbExecArgv);
    if (!fresh && options.dataDir !== undefined) {
      const checked = await checkDataDir(
        options.dataDir,
        options.startupCheck ?? { timeoutMs: DEFAULT_STARTUP_CHECK_MS },
      );
      if (!checked.ok) throw new StoreDamagedError(checked.error);
      options.onStartupCheck?.(checked.value);
    }
    // PGlite runs on a thread of its own, so that SQL and the bot's JavaScript use both cores (pglite-worker.ts).
    return await openPgliteWorker({
      pglite: {
        postgresqlconf: PGLITE_CONF,
        ...(pgDir === undefined ? {} : { dataDir: pgDir }),
        ...(fresh && options.seed !== undefined ? { loadDataDir: options.seed } : {}),
      },
      schema: options.schema,
      onClose: () => lock?.release(),
      monitor: new DamageMonitor(options.onDamage),
    });
  } catch (error) {
    lock?.release();
    throw toStoreError(
      error,
      `opening the embedded database${options.dataDir ? ` in ${options.dataDir}` : ''}`,
    );
  }
}

export interface WrapOptions {
  readonly schema?: string | undefined;
  /** When true, `close()` closes the PGlite instance; otherwise it only stops this handle. */
  readonly owned: boolean;
  readonly onClose?: () => void;
  /** Watches failed queries for damage (a silent one by default). */
  readonly monitor?: DamageMonitor;
}

/**
 * A `Database` over an existing PGlite instance. Tests share one instance per file and give each test its own schema
 * (PGlite is single-connection, so `search_path` is session state: one handle at a time).
 */
export async function wrapPglite(pg: PGlite, options: WrapOptions): Promise<Database> {
  if (options.schema !== undefined) {
    const schema = quoteSchema(options.schema);
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  }
  return new PgliteDatabase(pg, options);
}

class PgliteDatabase implements Database, CopyIn {
  readonly kind = 'embedded' as const;
  readonly #pg: PGlite;
  readonly #options: WrapOptions;
  readonly #scope = new TransactionScope();
  readonly #monitor: DamageMonitor;
  #closed = false;

  constructor(pg: PGlite, options: WrapOptions) {
    this.#pg = pg;
    this.#options = options;
    this.#monitor = options.monitor ?? new DamageMonitor();
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    return runQuery<R>(this.#pg, sql, params, this.#monitor);
  }

  async copyIn(into: string, chunks: readonly string[]): Promise<void> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    await runQuery(this.#pg, `COPY ${into} FROM '/dev/blob'`, [], this.#monitor, chunks);
  }

  async exec(sql: string): Promise<void> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    try {
      await this.#pg.exec(sql);
    } catch (error) {
      this.#monitor.observe(error);
      throw toStoreError(error, 'script');
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#scope.assertOutside(this);
    this.#assertOpen();
    let callbackFailed = false;
    try {
      return await this.#pg.transaction((tx) =>
        this.#scope.run(this, async () => {
          try {
            return await fn(new PgliteTransaction(tx, this.#monitor));
          } catch (error) {
            callbackFailed = true;
            throw error;
          }
        }),
      );
    } catch (error) {
      // The callback's own errors pass through unchanged; BEGIN/COMMIT failures become store errors.
      if (!callbackFailed) this.#monitor.observe(error);
      throw callbackFailed ? error : toStoreError(error, 'transaction');
    }
  }

  damage(): RuntimeDamage | undefined {
    return this.#monitor.damage;
  }

  async ping(timeoutMs = 2000): Promise<void> {
    await withTimeout(this.query('SELECT 1'), timeoutMs, 'ping');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#options.owned) await this.#pg.close();
    } finally {
      this.#options.onClose?.();
    }
  }

  #assertOpen(): void {
    if (this.#closed || this.#pg.closed) {
      throw new BotError('store_unavailable', 'store: the embedded database is closed');
    }
  }
}

class PgliteTransaction implements Queryable, CopyIn {
  readonly #tx: Transaction;
  readonly #monitor: DamageMonitor;

  constructor(tx: Transaction, monitor: DamageMonitor) {
    this.#tx = tx;
    this.#monitor = monitor;
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return runQuery<R>(this.#tx, sql, params, this.#monitor);
  }

  async copyIn(into: string, chunks: readonly string[]): Promise<void> {
    await runQuery(this.#tx, `COPY ${into} FROM '/dev/blob'`, [], this.#monitor, chunks);
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.#tx.exec(sql);
    } catch (error) {
      this.#monitor.observe(error);
      throw toStoreError(error, 'script');
    }
  }
}

async function runQuery<R>(
  target: Pick<PGlite, 'query'> | Transaction,
  sql: string,
  params: readonly unknown[],
  monitor: DamageMonitor,
  copyIn?: readonly string[],
): Promise<QueryResult<R>> {
  try {
    const options = copyIn === undefined ? undefined : { blob: new Blob(copyIn as string[]) };
    const result = await target.query<R>(sql, params as unknown[], options);
    return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
  } catch (error) {
    monitor.observe(error);
    throw toStoreError(error, firstWords(sql));
  }
}

function isEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return true;
  }
}
