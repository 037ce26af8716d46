/**
 * Intake as the bot runs it (part of the composition root): the group-commit writer whose batch transaction stores
 * the rows and queues them for grouping, the grouping passes that count them into groups and queue the Slack work,
 * and the intake over both. The workflow's unit tests build their intake here too, so they run what the bot runs.
 */
import type { Alert, Fingerprint, FingerprintSubject } from '../falco/alert/index.js';
import type { Metrics } from '../metrics.js';
import { createGroupCommit, newId, type GroupCommitWriter, type Store } from '../store/index.js';
import {
  createGroupingPasses,
  createIntake,
  type GroupingPasses,
  type Intake,
  type RouteDecision,
} from '../triage/alerts/index.js';
import type { Logger } from '../logger.js';
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
  readonly logger: Logger;
  /** How often grouping looks for alerts no intake commit announced (default 2 s). */
  readonly groupingPollMs?: number;
}

export interface WiredIntake {
  readonly intake: Intake;
  readonly writer: GroupCommitWriter<NewAlert, { readonly id: string; readonly duplicate: boolean }>;
  /** Started by the caller (`start`), stopped after the writer is closed. */
  readonly grouping: GroupingPasses;
}

export function wireIntake(wiring: IntakeWiring): WiredIntake {
  const { store, clock, metrics, fingerprint } = wiring;
  const grouping = createGroupingPasses({
    store,
    grouping: {
      now: () => clock.now(),
      windowMs: wiring.windowMs,
      updateDelayMs: wiring.updateDelayMs,
      maxSamplesPerField: 5,
      newId,
      metrics,
    },
    logger: wiring.logger.child({ component: 'grouping' }),
    ...(wiring.groupingPollMs === undefined ? {} : { pollMs: wiring.groupingPollMs }),
    onPass: (pass) => metrics.groupingPassSeconds.observe(pass.ms / 1000),
  });
  const writer = createGroupCommit<NewAlert, { readonly id: string; readonly duplicate: boolean }>({
    // Atomic by itself: one statement when the batch fits in one (no BEGIN and COMMIT round trips).
    commit: (rows) => store.alerts.insert(rows, { group: true }),
    // Two commits at once. PostgreSQL serves each on its own connection, so they overlap round trips and fsync
    // (measured with the intake bench: 2 beat 1 and 4). The embedded store's thread queues the second behind the
    // first, so the next batch is sent while the first runs instead of after its answer reached this thread.
    maxInFlight: 2,
    onBatch: (batch) => {
      metrics.intakeBatchSeconds.observe(batch.ms / 1000);
      if (batch.error === undefined) grouping.kick();
    },
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
  return { intake, writer, grouping };
}
