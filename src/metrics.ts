/**
 * Prometheus metrics (`GET /metrics`). One registry per process; modules receive the `Metrics` object rather than
 * importing globals, so tests can read the counters of the instance they started. docs/operations.md#metrics lists
 * them all.
 *
 * Names: the bot's own metrics start with `falco_triage_`; Node's process and runtime metrics keep their standard
 * names (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`, …) so that stock dashboards and alerts work.
 *
 * Database-wide gauges describe the shared database, not this process: with several replicas on one PostgreSQL,
 * Prometheus would add up one copy per replica. So only the replica that reports them (see
 * src/app/compose-metrics.ts) shows them; `reportDatabaseWide(false)` leaves them out of the exposition.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RuleCounter } from './metrics-rule-counter.js';

export interface Metrics {
  readonly registry: Registry;
  /** Alerts received at intake, by where they came from (falco, falcosidekick, test, manual). */
  readonly alertsReceived: Counter<'origin'>;
  /** Items refused at intake, by reason code (invalid_json, priority_invalid, unauthorized, too_large, …). */
  readonly alertsRejected: Counter<'reason'>;
  readonly alertsStored: Counter;
  readonly alertsDuplicate: Counter;
  /** Alerts a route dropped (neither stored nor posted). */
  readonly alertsDropped: Counter<'route'>;
  /** Alerts stored but not posted because a mute covered them. */
  readonly alertsMuted: Counter;
  /** Slack messages created / updated / thread replies, by kind. */
  readonly slackPosted: Counter<'kind'>;
  /** Slack errors, by error code (ratelimited, channel_not_found, http_500, …). */
  readonly slackErrors: Counter<'error'>;
  /**
   * Events API events, by type (reaction_added, reaction_removed) and outcome: applied, refused (told privately),
   * ignored (no action, nothing to change), duplicate (a retry or a second delivery), own (the bot's marks),
   * invalid, failed.
   */
  readonly slackEvents: Counter<'type' | 'outcome'>;
  /** Alerts received at intake by rule and priority (rules past the 500th count as `rule="other"`). */
  readonly alertsReceivedByRule: RuleCounter;
  /** Database-wide: outbound jobs waiting to run. */
  readonly outboxPending: Gauge;
  /** Database-wide: outbound jobs given up on. */
  readonly outboxDead: Gauge;
  /** Database-wide: age of the oldest outbound job not yet done (pending or running), 0 when there is none. */
  readonly outboxOldestPendingAgeSeconds: Gauge;
  /** Database-wide: proposals by state (every state of the schema, 0 included). */
  readonly proposals: Gauge<'state'>;
  /** Database-wide: exception pull requests by state. */
  readonly pullRequests: Gauge<'state'>;
  /** 1 while this process reports the database-wide gauges, else 0 (summed over replicas: 1). */
  readonly metricsReporter: Gauge;
  /** Always 1; the labels say which build runs on which store. */
  readonly buildInfo: Gauge<'version' | 'node_version' | 'store'>;
  /** 1 once a query found the embedded store's files damaged (see the logs and `GET /readyz`), else 0. */
  readonly storeDamaged: Gauge;
  readonly intakeBatchSeconds: Histogram;
  readonly groupingPassSeconds: Histogram;
  /** Shows (true) or leaves out (false) the database-wide gauges in the exposition. */
  reportDatabaseWide(on: boolean): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> =>
    new Counter({ name: `falco_triage_${name}`, help, labelNames, registers: [registry] });
  // Registered only while this process reports them (reportDatabaseWide).
  const databaseWideGauges = new Map<string, Gauge<string>>();
  const databaseWide = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Gauge<L> => {
    const gauge = new Gauge({ name: `falco_triage_${name}`, help, labelNames, registers: [] });
    databaseWideGauges.set(`falco_triage_${name}`, gauge);
    return gauge;
  };
  const outboxPending = databaseWide('outbox_pending', 'Outbound jobs (Slack, GitHub) waiting to run.');
  const outboxDead = databaseWide('outbox_dead', 'Outbound jobs given up on (see the logs).');
  const outboxOldestPendingAgeSeconds = databaseWide(
    'outbox_oldest_pending_age_seconds',
    'Age of the oldest outbound job not yet done (0 when none).',
  );
  const proposals = databaseWide('proposals', 'Exception proposals, by state.', ['state']);
  const pullRequests = databaseWide('pull_requests', 'Exception pull requests, by state.', ['state']);
  return {
    registry,
    alertsReceived: counter('alerts_received_total', 'Alerts received at intake.', ['origin']),
    alertsReceivedByRule: new RuleCounter(
      counter('alerts_received_by_rule_total', 'Alerts received at intake, by rule and priority.', [
        'rule',
        'priority',
      ]),
    ),
    alertsRejected: counter('alerts_rejected_total', 'Alerts (or requests) refused at intake, by reason.', [
      'reason',
    ]),
    alertsStored: counter('alerts_stored_total', 'Alerts durably stored.'),
    alertsDuplicate: counter('alerts_duplicate_total', 'Alerts received again (same uuid) and stored once.'),
    alertsDropped: counter('alerts_dropped_total', 'Alerts a route told to drop.', ['route']),
    alertsMuted: counter('alerts_muted_total', 'Alerts stored but not posted because of a mute.'),
    slackPosted: counter('slack_messages_total', 'Slack messages sent, by kind.', ['kind']),
    slackEvents: counter('slack_events_total', 'Slack Events API events, by type and outcome.', [
      'type',
      'outcome',
    ]),
    slackErrors: counter('slack_errors_total', 'Slack API errors, by error.', ['error']),
    outboxPending,
    outboxDead,
    outboxOldestPendingAgeSeconds,
    proposals,
    pullRequests,
    metricsReporter: new Gauge({
      name: 'falco_triage_metrics_reporter',
      help: 'Whether this process reports the database-wide gauges (1) or another replica does (0).',
      registers: [registry],
    }),
    buildInfo: new Gauge({
      name: 'falco_triage_build_info',
      help: 'Always 1: the version of falco-triage, of Node.js, and the store it runs on.',
      labelNames: ['version', 'node_version', 'store'],
      registers: [registry],
    }),
    storeDamaged: new Gauge({
      name: 'falco_triage_store_damaged',
      help: 'Whether a query found the embedded store damaged (1) or not (0).',
      registers: [registry],
    }),
    intakeBatchSeconds: new Histogram({
      name: 'falco_triage_intake_commit_seconds',
      help: 'Time to commit one intake batch.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    groupingPassSeconds: new Histogram({
      name: 'falco_triage_grouping_pass_seconds',
      help: 'Time to count one pass of stored alerts into their groups and queue their Slack work.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    reportDatabaseWide(on) {
      for (const [name, gauge] of databaseWideGauges) {
        const shown = registry.getSingleMetric(name) !== undefined;
        if (on && !shown) registry.registerMetric(gauge);
        if (!on && shown) registry.removeSingleMetric(name);
      }
    },
  };
}
