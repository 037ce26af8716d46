/**
 * Prometheus metrics (`GET /metrics`). One registry per process; modules receive the `Metrics` object rather than
 * importing globals, so tests can read the counters of the instance they started.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  readonly outboxPending: Gauge;
  readonly outboxDead: Gauge;
  /** 1 once a query found the embedded store's files damaged (see the logs and `GET /readyz`), else 0. */
  readonly storeDamaged: Gauge;
  readonly intakeBatchSeconds: Histogram;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'falco_triage_' });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> =>
    new Counter({ name: `falco_triage_${name}`, help, labelNames, registers: [registry] });
  return {
    registry,
    alertsReceived: counter('alerts_received_total', 'Alerts received at intake.', ['origin']),
    alertsRejected: counter('alerts_rejected_total', 'Alerts (or requests) refused at intake, by reason.', [
      'reason',
    ]),
    alertsStored: counter('alerts_stored_total', 'Alerts durably stored.'),
    alertsDuplicate: counter('alerts_duplicate_total', 'Alerts received again (same uuid) and stored once.'),
    alertsDropped: counter('alerts_dropped_total', 'Alerts a route told to drop.', ['route']),
    alertsMuted: counter('alerts_muted_total', 'Alerts stored but not posted because of a mute.'),
    slackPosted: counter('slack_messages_total', 'Slack messages sent, by kind.', ['kind']),
    slackErrors: counter('slack_errors_total', 'Slack API errors, by error.', ['error']),
    outboxPending: new Gauge({
      name: 'falco_triage_outbox_pending',
      help: 'Outbound jobs (Slack, GitHub) waiting to run.',
      registers: [registry],
    }),
    outboxDead: new Gauge({
      name: 'falco_triage_outbox_dead',
      help: 'Outbound jobs given up on (see the logs).',
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
  };
}
