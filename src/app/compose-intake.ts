/**
 * Intake as the bot runs it (part of the composition root): the group-commit writer whose batch transaction is
 * `commitAlertBatch` (store the rows, count them into groups, queue the Slack work), and the intake over it. The
 * workflow's unit tests build their intake here too, so they run what the bot runs.
 */
import type { Alert, Fingerprint, FingerprintSubject } from '../falco/alert/index.js';
import type { Metrics } from '../metrics.js';
import {
  createGroupCommit,
  newId,
  type GroupCommitWriter,
  type Store,
  type StoreRepos,
} from '../store/index.js';
import { commitAlertBatch, createIntake, type Intake, type RouteDecision } from '../triage/alerts/index.js';
import type { Clock, NewAlert } from '../triage/ports/index.js';

export interface IntakeWiring {
  readonly store: Store;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly route: (alert: Alert) => RouteDecision;
  readonly fingerprint: (subject: FingerprintSubject) => Fingerprint;
  /** The target of an alert posted to `channels` (IntakeDeps.target); absent: alerts record none. */
  readonly target?: (alert: Alert, channels: readonly string[]) => string | undefined;
  /** IntakeDeps.fingerprintByTarget: several targets, so the target is part of the fingerprint. */
  readonly fingerprintByTarget?: boolean;
  /** The grouping window: repeats within it share a Slack message. */
  readonly windowMs: number;
  /** How long a group's message update waits to absorb more repeats. */
  readonly updateDelayMs: number;
}

export interface WiredIntake {
  readonly intake: Intake;
  readonly writer: GroupCommitWriter<NewAlert, { readonly id: string; readonly duplicate: boolean }>;
}

export function wireIntake(wiring: IntakeWiring): WiredIntake {
  const { store, clock, metrics, fingerprint } = wiring;
  const writer = createGroupCommit<
    StoreRepos,
    NewAlert,
    { readonly id: string; readonly duplicate: boolean }
  >({
    transaction: (fn) => store.transaction(fn),
    commit: (tx, rows) =>
      commitAlertBatch(tx, rows, {
        now: () => clock.now(),
        windowMs: wiring.windowMs,
        updateDelayMs: wiring.updateDelayMs,
        maxSamplesPerField: 5,
        newId,
        identityFields: (row) =>
          fingerprint({
            rule: row.rule,
            hostname: row.hostname ?? undefined,
            source: row.source ?? undefined,
            fields: row.outputFields as never,
          }).fields.map((field) => field.key),
        metrics,
      }),
    // PostgreSQL: two commits at once, each on its own connection, overlap round trips and fsync. Measured with the
    // intake bench: 2 beat 1 and 4 (with 4, batches touching the same groups mostly wait on each other's locks).
    maxInFlight: store.kind === 'postgres' ? 2 : 1,
    onBatch: (batch) => metrics.intakeBatchSeconds.observe(batch.ms / 1000),
  });
  const intake = createIntake({
    writer,
    route: wiring.route,
    fingerprint,
    clock,
    newId,
    metrics,
    ...(wiring.target === undefined ? {} : { target: wiring.target }),
    ...(wiring.fingerprintByTarget === undefined ? {} : { fingerprintByTarget: wiring.fingerprintByTarget }),
  });
  return { intake, writer };
}
