/**
 * Wiring of the metrics (part of the composition root): what `GET /metrics` refreshes before each scrape, and the
 * build's identity. Database-wide gauges (outbox, proposals, pull requests) are shown only by the replica that holds
 * the metrics-reporter lock (src/store/metrics-reporter-lock.ts), so that Prometheus' sum over replicas counts them
 * once; the others leave them out and show `falco_triage_metrics_reporter 0`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { readDatabaseFigures, type MetricsReporterLock, type Store } from '../store/index.js';
import type { Clock } from '../triage/ports/index.js';

export interface MetricsRefreshDeps {
  readonly metrics: Metrics;
  readonly store: Store;
  readonly reporterLock: MetricsReporterLock;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Brings the gauges up to date; never rejects (a scrape shows what is known rather than failing). */
export function metricsRefresh(deps: MetricsRefreshDeps): () => Promise<void> {
  const { metrics, store } = deps;
  return async () => {
    metrics.storeDamaged.set(store.damage() === undefined ? 0 : 1);
    let reporting = false;
    try {
      reporting = await deps.reporterLock.holds();
      if (reporting) {
        const figures = await readDatabaseFigures(store.db, deps.clock.now());
        for (const [state, count] of figures.proposals) metrics.proposals.set({ state }, count);
        for (const [state, count] of figures.pullRequests) metrics.pullRequests.set({ state }, count);
        metrics.outboxPending.set(figures.outbox.pending);
        metrics.outboxDead.set(figures.outbox.dead);
        metrics.outboxOldestPendingAgeSeconds.set(figures.outbox.oldestPendingAgeSeconds);
      }
    } catch (error) {
      // Stale database-wide figures would mislead: leave them out of this scrape. /readyz reports the outage.
      reporting = false;
      deps.logger.debug({ err: error }, 'database-wide metrics left out of this scrape');
    }
    metrics.metricsReporter.set(reporting ? 1 : 0);
    metrics.reportDatabaseWide(reporting);
  };
}

/** `falco_triage_build_info`: set once at start-up. */
export function setBuildInfo(metrics: Metrics, store: Store): void {
  metrics.buildInfo.set({ version: ownVersion(), node_version: process.versions.node, store: store.kind }, 1);
}

/** package.json's version, read beside src/ or dist/ (both sit one level below it). */
function ownVersion(): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    const parsed = z.object({ version: z.string().min(1) }).safeParse(manifest);
    return parsed.success ? parsed.data.version : 'unknown';
  } catch {
    return 'unknown'; // an image without package.json still runs; the label says so
  }
}
