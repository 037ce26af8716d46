/**
 * Wiring of the store (part of the composition root): opening it with the start-up check's outcome in the log, and
 * damage found while running made loud: one error line, the `falco_triage_store_damaged` gauge, and `GET /readyz`
 * answering 503 with the reason.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RuntimeDamage } from '../store/index.js';
import { PGLITE_SUBDIR } from '../store/index.js';
import type { StartupCheckReport } from '../store/index.js';
import { BACKUP_DOCS } from '../store/index.js';
import { openStore, type OpenStoreOptions, type Store } from '../store/index.js';
import { probePostgres } from '../store/index.js';
import { err, ok, type Result } from '../result.js';
import { StartupError } from './startup-error.js';
import { DATABASE_WAIT_DOCS, waitForDatabase } from './wait-for-database.js';

/** Opens the store; with PostgreSQL, first waits for the server (wait-for-database.ts). */
export async function openBotStore(
  config: Config,
  deps: {
    readonly logger: Logger;
    readonly metrics: Metrics;
    readonly random: () => number;
    readonly options?: OpenStoreOptions;
  },
): Promise<Store> {
  const { logger, metrics } = deps;
  if (config.store.kind === 'postgres') {
    const reachable = await waitForDatabase({
      url: config.store.url,
      timeoutSeconds: config.store.connectTimeoutSeconds ?? 300,
      logger,
      probe: probePostgres,
      random: deps.random,
    });
    if (!reachable.ok) throw new StartupError(reachable.error, DATABASE_WAIT_DOCS);
  }
  return openStore(config.store, {
    ...deps.options,
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection failed; the pool recovers'),
    onStartupCheck: (report) => logStartupCheck(logger, report),
    onDamage: (damage) => {
      metrics.storeDamaged.set(1);
      logDamage(logger, config, damage);
    },
  });
}

/** For `GET /readyz`: not ready once the store is known damaged, nor while it does not answer. */
export async function storeReadiness(store: Store): Promise<Result<void, string>> {
  const damage = store.damage();
  if (damage !== undefined)
    return err(`the embedded store is damaged: ${damage.message} (see ${BACKUP_DOCS})`);
  await store.ping(2000);
  return ok(undefined);
}

function logStartupCheck(logger: Logger, report: StartupCheckReport): void {
  const ms = Math.round(report.ms);
  if (!report.scanned) {
    logger.info({ ms }, 'store check: file sizes only (FALCO_TRIAGE_STARTUP_CHECK_SECONDS=0)');
  } else if (report.unread.length > 0) {
    logger.warn(
      { ms, unread: report.unread },
      'store check: the watchdog ended the scan before these tables were read (not damage: PGlite opened the ' +
        'store); raise FALCO_TRIAGE_STARTUP_CHECK_SECONDS to read them all',
    );
  } else {
    logger.info({ ms, tables: report.tables, rows: report.rows }, 'store check: every table reads');
  }
}

function logDamage(logger: Logger, config: Config, damage: RuntimeDamage): void {
  const file =
    damage.file !== undefined && config.store.kind === 'embedded'
      ? join(config.store.dataDir, PGLITE_SUBDIR, damage.file)
      : damage.file;
  logger.error(
    { code: 'store_damaged', file, postgres: damage.message },
    'the embedded store is damaged: /readyz answers 503 from now on. Stop falco-triage, then restore the data ' +
      'directory from a backup, or move it aside and start afresh (export-store saves what is still readable ' +
      `first); see ${BACKUP_DOCS}`,
  );
}
