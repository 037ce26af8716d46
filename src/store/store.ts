/**
 * The store: one object holding every repository over one database, opened from the configuration
 * (`DATABASE_URL` → PostgreSQL, otherwise the embedded store in `FALCO_TRIAGE_DATA_DIR`), migrated at start-up.
 *
 * @example
 *   const store = await openStore(config.store);
 *   await store.transaction(async (tx) => {
 *     const [stored] = await tx.alerts.insert([alert]);
 *     await tx.outbox.enqueue({ kind: 'slack.post', orderingKey: channel, payload: { alertId: stored.id } }, now);
 *   });
 */
import type { Config } from '../config.js';
import { AlertsRepo } from './alerts-repo.js';
import { BacklogRepo } from './backlog-repo.js';
import { ApprovalsRepo } from './approvals-repo.js';
import { AuditRepo } from './audit-repo.js';
import type { RuntimeDamage } from './damage-monitor.js';
import type { LockOptions } from './data-dir-lock.js';
import type { Database, DatabaseKind, Queryable } from './database.js';
import { GroupsRepo } from './groups-repo.js';
import { InboxRepo } from './inbox-repo.js';
import { migrate } from './migrate.js';
import { HomeRepo } from './home-repo.js';
import { MutesRepo } from './mutes-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { DEFAULT_STARTUP_CHECK_MS, openEmbeddedDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';
import { ProposalsRepo } from './proposals-repo.js';
import type { StartupCheckReport } from './startup-check.js';

export type StoreConfig = Config['store'];

/** Every repository, bound to a database or to one transaction. */
export interface StoreRepos {
  readonly alerts: AlertsRepo;
  readonly groups: GroupsRepo;
  readonly outbox: OutboxRepo;
  readonly proposals: ProposalsRepo;
  readonly approvals: ApprovalsRepo;
  readonly audit: AuditRepo;
  readonly mutes: MutesRepo;
  readonly home: HomeRepo;
  readonly inbox: InboxRepo;
  readonly backlog: BacklogRepo;
}

export interface Store extends StoreRepos {
  readonly kind: DatabaseKind;
  readonly db: Database;
  /** Runs `fn` with repositories bound to one transaction: all of its writes commit together or not at all. */
  transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T>;
  /** For `GET /readyz`: rejects with `store_unavailable` when the database does not answer in time. */
  ping(timeoutMs?: number): Promise<void>;
  /** For `GET /readyz` and the metrics: damage a query ran into (embedded store only). */
  damage(): RuntimeDamage | undefined;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Work in this schema (created when missing) instead of the default one. */
  readonly schema?: string;
  /** Embedded only: a `dumpDataDir()` tarball to start an empty data directory from instead of running initdb. */
  readonly seed?: Blob;
  /** Embedded only: how the data-directory lock waits for another holder. */
  readonly lock?: LockOptions;
  /** PostgreSQL only: connections in the pool (default 10). */
  readonly poolSize?: number;
  /** PostgreSQL only: errors of idle pooled connections (logged by the caller; the pool recovers by itself). */
  readonly onIdleError?: (error: Error) => void;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
  /** Embedded only: Node flags for the start-up check's child process (tests make it hang with one). */
  readonly startupCheckExecArgv?: readonly string[];
  /** Embedded only: told the outcome of a start-up check that found no damage (for the log). */
  readonly onStartupCheck?: (report: StartupCheckReport) => void;
  /** Embedded only: told once when a query finds the store damaged. */
  readonly onDamage?: (damage: RuntimeDamage) => void;
}

export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const db =
    config.kind === 'postgres'
      ? await openPostgresDatabase({
          url: config.url,
          ...(options.schema === undefined ? {} : { schema: options.schema }),
          ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
          ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
        })
      : await openEmbeddedDatabase({
          dataDir: config.dataDir,
          startupCheck: {
            timeoutMs: (config.startupCheckSeconds ?? DEFAULT_STARTUP_CHECK_MS / 1000) * 1000,
            ...(options.startupCheckExecArgv === undefined ? {} : { execArgv: options.startupCheckExecArgv }),
          },
          ...(options.schema === undefined ? {} : { schema: options.schema }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(options.lock === undefined ? {} : { lock: options.lock }),
          ...(options.onStartupCheck === undefined ? {} : { onStartupCheck: options.onStartupCheck }),
          ...(options.onDamage === undefined ? {} : { onDamage: options.onDamage }),
        });
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }
  return storeOver(db);
}

/** A store over an already open (and migrated) database. */
export function storeOver(db: Database): Store {
  return {
    ...reposFor(db),
    kind: db.kind,
    db,
    transaction: (fn) => db.transaction((tx) => fn(reposFor(tx))),
    ping: (timeoutMs) => db.ping(timeoutMs),
    damage: () => db.damage(),
    close: () => db.close(),
  };
}

export function reposFor(q: Queryable): StoreRepos {
  return {
    alerts: new AlertsRepo(q),
    groups: new GroupsRepo(q),
    outbox: new OutboxRepo(q),
    proposals: new ProposalsRepo(q),
    approvals: new ApprovalsRepo(q),
    audit: new AuditRepo(q),
    mutes: new MutesRepo(q),
    home: new HomeRepo(q),
    inbox: new InboxRepo(q),
    backlog: new BacklogRepo(q),
  };
}
