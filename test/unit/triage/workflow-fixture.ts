/**
 * Shared set-up for the workflow rooms' unit tests: a real store (PGlite, from test/helpers/store.ts), the in-memory
 * chat and repository ports (test/doubles), a clock the test moves, and the rooms' functions wired the way
 * src/app/compose.ts wires them (intake through the group-commit writer, proposals with the rules as deployed),
 * without HTTP, Slack or GitHub servers. Alerts are fixture 029 (a real 0.44.1 capture) with chosen changes.
 */
import { createFingerprinter, parseAlert } from '../../../src/falco/alert/index.js';
import { parseFalcoVersion } from '../../../src/falco/version.js';
import { wireIntake } from '../../../src/app/compose-intake.js';
import { silentLogger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import type { Store } from '../../../src/store/store.js';
import { type Intake, type IntakeItem } from '../../../src/triage/alerts/index.js';
import type { RouteDecision } from '../../../src/triage/alerts/route-alert.js';
import { createDeliveryWorker } from '../../../src/triage/delivery/index.js';
import { createRulesContext, type RulesContext } from '../../../src/triage/deployed-rules/index.js';
import type { JobRunner } from '../../../src/triage/jobs/index.js';
import type { AlertGroup, ChatPort, Clock, Job, RepoPort } from '../../../src/triage/ports/index.js';
import { alertFixture, readFixture } from '../../helpers/fixtures.js';

export const CHANNEL = 'C0ALERTS01';
export const OTHER_CHANNEL = 'C0ALERTS02';
export const ALICE = 'U0ALICE001';
export const BOB = 'U0BOB00001';
export const CAROL = 'U0CAROL001';
export const DAVE = 'U0DAVE0001';
export const RULES_FILE = 'values.yaml';
/** The rules repository's custom rules file, as the e2e tests' rules repository holds it. */
export const RULES_SEED = readFixture('rules-repo', 'values-modern.yaml');

export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = Date.parse('2026-09-01T10:00:00Z')): TestClock {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance: (by) => {
      ms += by;
    },
  };
}

export const fingerprint = createFingerprinter({});

export interface AlertChanges {
  readonly hostname?: string;
  /** Merged into output_fields: `fd.name` and `proc.name` are identity fields (a new group), others are samples. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Falcosidekick's event id (the dedupe key). */
  readonly uuid?: string;
}

/** Fixture 029 with `changes`, as intake receives it. */
export function intakeItem(changes: AlertChanges = {}): IntakeItem {
  const base = alertFixture('029') as { output_fields: Record<string, unknown> } & Record<string, unknown>;
  const payload = {
    ...base,
    ...(changes.hostname === undefined ? {} : { hostname: changes.hostname }),
    ...(changes.uuid === undefined ? {} : { uuid: changes.uuid }),
    output_fields: { ...base.output_fields, ...changes.fields },
  };
  const parsed = parseAlert(payload);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return { alert: parsed.value, raw: JSON.stringify(payload) };
}

/** An alert of its own group: the file it read (an identity field) is `/data/<name>`. */
export function groupItem(name: string, changes: AlertChanges = {}): IntakeItem {
  return intakeItem({ ...changes, fields: { 'fd.name': `/data/${name}`, ...changes.fields } });
}

/** Routes by hostname: `other-*` to OTHER_CHANNEL, `drop-*` dropped, anything else to CHANNEL. */
export function routeByHost(alert: IntakeItem['alert']): RouteDecision {
  const host = alert.hostname ?? '';
  if (host.startsWith('drop-')) return { route: 'noise', action: { kind: 'drop' } };
  return {
    route: host.startsWith('other-') ? 'other' : 'default',
    action: { kind: 'post', channels: [host.startsWith('other-') ? OTHER_CHANNEL : CHANNEL] },
  };
}

export interface TestIntake {
  readonly intake: Intake;
  readonly metrics: Metrics;
  /** Accepts the items as Falco's output; resolves once stored. */
  accept(...items: IntakeItem[]): Promise<readonly string[]>;
  /** Resolves once what was accepted is grouped (for tests calling `intake.accept` themselves). */
  grouped(): Promise<void>;
  close(): Promise<void>;
}

/** Intake as the bot builds it (src/app/compose-intake.ts). */
export function createTestIntake(
  store: Store,
  clock: Clock,
  options: { readonly windowMs?: number; readonly updateDelayMs?: number } = {},
): TestIntake {
  const metrics = createMetrics();
  const { intake, writer, grouping } = wireIntake({
    store,
    clock,
    metrics,
    route: routeByHost,
    fingerprint,
    windowMs: options.windowMs ?? 600_000,
    updateDelayMs: options.updateDelayMs ?? 3000,
    logger: silentLogger,
  });
  return {
    intake,
    metrics,
    // Grouped before it resolves, so a test sees the groups and jobs of what it accepted.
    accept: async (...items) => {
      const { ids } = await intake.accept(items, 'falco');
      await grouping.drain();
      return ids;
    },
    grouped: () => grouping.drain(),
    close: async () => {
      await writer.close();
      await grouping.stop();
    },
  };
}

/** The current group of an alert in a channel. */
export async function groupOf(store: Store, item: IntakeItem, channel = CHANNEL): Promise<AlertGroup> {
  const group = await store.groups.current(fingerprint(item.alert).id, channel);
  if (group === undefined) throw new Error(`no group for the alert in ${channel}`);
  return group;
}

/** The rules as deployed: Falco's default rules at 0.44.1 and RULES_FILE of `repo`'s base branch. */
export function createTestRules(repo: RepoPort, clock: Clock): RulesContext {
  const version = parseFalcoVersion('0.44.1');
  if (!version.ok) throw new Error('version');
  return createRulesContext({
    base: [{ name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') }],
    falcoVersion: version.value,
    fields: undefined,
    repo,
    rulesFile: RULES_FILE,
    clock,
  });
}

/** Jobs in the outbox (of one kind, when given), oldest first. */
export async function jobs(store: Store, state: Job['state'], kind?: string): Promise<Job[]> {
  const listed = await store.outbox.list(state, 1000);
  return listed.filter((job) => kind === undefined || job.kind === kind);
}

/** One round of the delivery worker: posts the alert messages intake queued (as the running bot would). */
export async function deliverAlerts(store: Store, chat: ChatPort, clock: Clock): Promise<void> {
  const worker = createDeliveryWorker({
    store,
    chat,
    clock,
    logger: silentLogger,
    metrics: createMetrics(),
    view: { fingerprint, proposalsAvailable: true },
    workerId: 'delivery-1',
    random: () => 0.5,
    exclusiveStore: false,
  });
  await worker.runOnce();
}

/** Runs rounds until one finds nothing due (without moving the clock); returns how many jobs ran. */
export async function drain(runner: JobRunner): Promise<number> {
  let total = 0;
  for (let round = 0; round < 50; round += 1) {
    const ran = await runner.runOnce();
    if (ran === 0) return total;
    total += ran;
  }
  throw new Error('the runner still had work after 50 rounds');
}
