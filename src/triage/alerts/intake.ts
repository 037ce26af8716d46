/**
 * Intake: parsed alerts in, durably stored alerts out. Each alert is routed (routes file), fingerprinted (storm
 * grouping) and written through the group-commit writer, whose batch transaction also queues the new alerts for
 * grouping (grouping-pass.ts counts them into groups and queues the Slack work). The promise resolves only after
 * that commit: intake's 202 means stored, and on its way to Slack.
 *
 * Text PostgreSQL cannot hold (NUL, lone surrogates) is escaped before the transaction (storable-text.ts). An alert
 * the store still refuses (`store_data_error`: a value that got past the checks) fails only itself: the request's
 * alerts are then written one by one, the others are stored, and the refused ones are reported in `refused` for a
 * 400, since sending them again would fail again.
 */
import type { Alert } from '../../falco/alert/index.js';
import type { Fingerprint } from '../../falco/alert/index.js';
import { fingerprintInScope, syslogSeverity } from '../../falco/alert/index.js';
import type { Metrics } from '../../metrics.js';
import type { BatchWriter, Clock, IdFactory, NewAlert, AlertOrigin } from '../ports/index.js';
import type { RouteDecision } from './route-alert.js';
import { sampleValues } from './alert-samples.js';
import { BotError, describeError } from '../../errors.js';
import { mayHoldUnstorable, storableAlert, storableText } from '../../falco/alert/index.js';

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
  /** Alerts the store refused (none of them is stored): their position in the input and why. */
  readonly refused: readonly RefusedItem[];
}

export interface RefusedItem {
  /** Index in the `items` given to `accept`. */
  readonly position: number;
  readonly code: 'store_data_error';
  readonly message: string;
}

export interface IntakeDeps {
  readonly writer: BatchWriter<NewAlert, { readonly id: string; readonly duplicate: boolean }>;
  readonly route: (alert: Alert) => RouteDecision;
  readonly fingerprint: (alert: Alert) => Fingerprint;
  readonly clock: Clock;
  readonly newId: IdFactory;
  readonly metrics: Metrics;
  /** The target (Falco deployment) of an alert its route posts to `channels`; undefined: none takes it. */
  readonly target?: (alert: Alert, channels: readonly string[]) => string | undefined;
  /**
   * With several targets the target is part of the fingerprint, so a group (one message, one mute) never mixes
   * deployments. Off for the short form's one target: fingerprints stay as they were before targets.
   */
  readonly fingerprintByTarget?: boolean;
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
      const positions: number[] = [];
      let dropped = 0;
      for (const [position, item] of items.entries()) {
        const { alert, raw } = storable(item);
        deps.metrics.alertsReceived.inc({ origin });
        deps.metrics.alertsReceivedByRule.inc(alert.rule, alert.priority);
        const decision: RouteDecision =
          options.storeOnly === true ? { route: 'manual', action: { kind: 'store' } } : deps.route(alert);
        if (decision.action.kind === 'drop') {
          dropped += 1;
          deps.metrics.alertsDropped.inc({ route: decision.route });
          continue;
        }
        const channels = decision.action.kind === 'post' ? decision.action.channels : [];
        const target = deps.target?.(alert, channels) ?? null;
        const found = deps.fingerprint(alert);
        const fingerprint =
          target !== null && deps.fingerprintByTarget === true
            ? fingerprintInScope(found.id, target)
            : found.id;
        rows.push({
          ...toRow(alert, raw, origin, decision, fingerprint, deps.newId(now.getTime()), now),
          falcoTarget: target,
          ...(channels.length === 0 ? {} : { samples: samplesOf(alert, found) }),
        });
        positions.push(position);
      }
      if (rows.length === 0) return { ids: [], stored: 0, duplicates: 0, dropped, refused: [] };
      const { results, refused } = await write(deps.writer, rows, positions);
      const duplicates = results.filter((result) => result.duplicate).length;
      deps.metrics.alertsStored.inc(results.length - duplicates);
      deps.metrics.alertsDuplicate.inc(duplicates);
      return {
        ids: results.map((result) => result.id),
        stored: results.length - duplicates,
        duplicates,
        dropped,
        refused,
      };
    },
  };
}

/** The alert's sample values, leaving out its identity fields (the same in every alert of the group). */
function samplesOf(alert: Alert, fingerprint: Fingerprint): Record<string, string> {
  return sampleValues(
    alert.outputFields,
    fingerprint.fields.map((field) => field.key),
  );
}

/** The item with what PostgreSQL cannot hold escaped (see storable-text.ts); itself in the usual case. */
function storable(item: IntakeItem): IntakeItem {
  if (!mayHoldUnstorable(item.raw)) return item;
  return { alert: storableAlert(item.alert), raw: storableText(item.raw) };
}

type WriteResult = { readonly id: string; readonly duplicate: boolean };

/**
 * Writes the request's rows in one go; when the store refuses a value, writes them one by one so that only the
 * refused rows fail (see the header). Any other failure rejects: nothing, or for a store that failed between the
 * single writes only part, of the request is stored, and the sender's retry brings the rest.
 */
async function write(
  writer: IntakeDeps['writer'],
  rows: readonly NewAlert[],
  positions: readonly number[],
): Promise<{ results: readonly WriteResult[]; refused: RefusedItem[] }> {
  try {
    return { results: await writer.write(rows), refused: [] };
  } catch (error) {
    if (!isRefusal(error)) throw error;
    if (rows.length === 1) return { results: [], refused: [refusal(positions[0] ?? 0, error)] };
  }
  const outcomes = await Promise.allSettled(rows.map((row) => writer.write([row])));
  const results: WriteResult[] = [];
  const refused: RefusedItem[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === 'fulfilled') results.push(...outcome.value);
    else if (isRefusal(outcome.reason)) refused.push(refusal(positions[index] ?? 0, outcome.reason));
    else throw outcome.reason;
  }
  return { results, refused };
}

function isRefusal(error: unknown): error is BotError {
  return error instanceof BotError && error.code === 'store_data_error';
}

/** The database's own words (e.g. `index row size 2720 exceeds maximum 2704 for index "alerts_rule_time"`). */
function refusal(position: number, error: BotError): RefusedItem {
  const state = /\(SQLSTATE \w+\)$/.exec(error.message)?.[0];
  const words = error.cause === undefined ? error.message : describeError(error.cause);
  return { position, code: 'store_data_error', message: state === undefined ? words : `${words} ${state}` };
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
