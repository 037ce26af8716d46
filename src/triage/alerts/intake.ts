/**
 * Intake: parsed alerts in, durably stored alerts out. Each alert is routed (routes file), fingerprinted (storm
 * grouping) and written through the group-commit writer, whose batch transaction also counts the alerts into their
 * groups and queues the Slack work (see alert-batch.ts). The promise resolves only after that commit: intake's 202
 * means stored.
 */
import type { Alert } from '../../falco/alert/index.js';
import type { Fingerprint } from '../../falco/alert/index.js';
import { syslogSeverity } from '../../falco/alert/index.js';
import type { Metrics } from '../../metrics.js';
import type { BatchWriter, Clock, IdFactory, NewAlert, AlertOrigin } from '../ports/index.js';
import type { RouteDecision } from './route-alert.js';

export interface IntakeItem {
  readonly alert: Alert;
  /** The alert as received (its JSON text or the text line), kept verbatim in the store. */
  readonly raw: string;
}

export interface IntakeOutcome {
  /** Ids of the stored alerts, in input order (dropped alerts excluded). */
  readonly ids: readonly string[];
  readonly stored: number;
  /** Alerts already stored under the same Falcosidekick uuid (a redelivery): stored once. */
  readonly duplicates: number;
  /** Alerts a route told to drop. */
  readonly dropped: number;
}

export interface IntakeDeps {
  readonly writer: BatchWriter<NewAlert, { readonly id: string; readonly duplicate: boolean }>;
  readonly route: (alert: Alert) => RouteDecision;
  readonly fingerprint: (alert: Alert) => Fingerprint;
  readonly clock: Clock;
  readonly newId: IdFactory;
  readonly metrics: Metrics;
}

export interface AcceptOptions {
  /** Store without posting, whatever the routes say (alerts pasted into `/falco explain`). */
  readonly storeOnly?: boolean;
}

export interface Intake {
  accept(items: readonly IntakeItem[], origin: AlertOrigin, options?: AcceptOptions): Promise<IntakeOutcome>;
}

export function createIntake(deps: IntakeDeps): Intake {
  return {
    async accept(items, origin, options = {}) {
      const now = deps.clock.now();
      const rows: NewAlert[] = [];
      let dropped = 0;
      for (const { alert, raw } of items) {
        deps.metrics.alertsReceived.inc({ origin });
        const decision: RouteDecision =
          options.storeOnly === true ? { route: 'manual', action: { kind: 'store' } } : deps.route(alert);
        if (decision.action.kind === 'drop') {
          dropped += 1;
          deps.metrics.alertsDropped.inc({ route: decision.route });
          continue;
        }
        rows.push(
          toRow(alert, raw, origin, decision, deps.fingerprint(alert).id, deps.newId(now.getTime()), now),
        );
      }
      if (rows.length === 0) return { ids: [], stored: 0, duplicates: 0, dropped };
      const results = await deps.writer.write(rows);
      const duplicates = results.filter((result) => result.duplicate).length;
      deps.metrics.alertsStored.inc(results.length - duplicates);
      deps.metrics.alertsDuplicate.inc(duplicates);
      return {
        ids: results.map((result) => result.id),
        stored: results.length - duplicates,
        duplicates,
        dropped,
      };
    },
  };
}

function toRow(
  alert: Alert,
  raw: string,
  origin: AlertOrigin,
  decision: RouteDecision,
  fingerprint: string,
  id: string,
  now: Date,
): NewAlert {
  return {
    id,
    receivedAt: now,
    eventTime: new Date(alert.time.epochMs),
    rule: alert.rule,
    priority: alert.priority,
    priorityLevel: syslogSeverity(alert.priority),
    source: alert.source,
    hostname: alert.hostname ?? null,
    tags: alert.tags,
    output: alert.output ?? alert.message ?? '',
    outputFields: alert.outputFields,
    raw,
    fingerprint,
    dedupeKey: alert.uuid ?? null,
    origin: origin === 'falco' && alert.uuid !== undefined ? 'falcosidekick' : origin,
    route: decision.route === 'default' ? null : decision.route,
    channels: decision.action.kind === 'post' ? decision.action.channels : [],
  };
}
