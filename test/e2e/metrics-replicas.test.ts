/**
 * Metrics of two replicas on one PostgreSQL database, scraped as Prometheus scrapes them: per-process counters add
 * up over the replicas, and the database-wide gauges (outbox, proposals, pull requests) are shown by exactly one
 * replica, so that their sum is the database's figure. When that replica loses its lock connection or stops,
 * the other takes over at its next scrape. Runs when TEST_DATABASE_URL is set (as test/e2e/replicas.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { quoteSchema } from '../../src/store/database.js';
import { FakeSlack } from '../../src/stand-ins/slack/index.js';
import { samplesOf, scrape, type Exposition } from '../helpers/prometheus-text.js';
import { terminateMetricsReporter } from '../helpers/metrics-reporter.js';
import { TEST_DATABASE_URL } from '../helpers/store.js';
import { eventually, makeAlert } from './helpers/alerts.js';
import { startTestBot, type TestBot } from './helpers/test-bot.js';

const DATABASE_WIDE = [
  'falco_triage_outbox_pending',
  'falco_triage_outbox_dead',
  'falco_triage_outbox_oldest_pending_age_seconds',
  'falco_triage_proposals',
  'falco_triage_pull_requests',
];
const enabled = TEST_DATABASE_URL !== undefined && TEST_DATABASE_URL !== '';
const schema = `e2e_metrics_replicas_${process.pid}_${Date.now()}`;

let slack: FakeSlack;
const replicas: TestBot[] = [];
let admin: pg.Pool;

beforeAll(async () => {
  if (!enabled) return;
  admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  slack = await FakeSlack.start();
  for (let index = 0; index < 2; index += 1) {
    replicas.push(
      await startTestBot({
        slack,
        env: { DATABASE_URL: TEST_DATABASE_URL ?? '' },
        bot: { storeOptions: { schema }, delivery: { channelIntervalMs: 50, pollMs: 10 } },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  if (!enabled) return;
  for (const replica of replicas) await replica.stop();
  await slack.stop();
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  await admin.end();
});

function value(metrics: Exposition, name: string, labels: Record<string, string> = {}): number {
  return samplesOf(metrics, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}

/** Which replicas show the database-wide gauges (and say so), checked to be all or nothing per replica. */
function reporters(scrapes: readonly Exposition[]): number[] {
  return scrapes.flatMap((metrics, index) => {
    const shown = DATABASE_WIDE.filter((name) => metrics.types.has(name));
    const says = value(metrics, 'falco_triage_metrics_reporter');
    expect([shown.length, says]).toEqual(says === 1 ? [DATABASE_WIDE.length, 1] : [0, 0]);
    return says === 1 ? [index] : [];
  });
}

describe('metrics of two replicas on one PostgreSQL database', () => {
  if (!enabled) {
    it('need TEST_DATABASE_URL (not set here): nothing to run against', () => {
      expect(TEST_DATABASE_URL ?? '').toBe('');
    });
    return;
  }

  it('show the database-wide gauges on exactly one replica, so that sums over replicas are right', async () => {
    const [first, second] = replicas as [TestBot, TestBot];
    expect(
      (await first.post('/falco/alerts', [makeAlert({ rule: 'Rule A', priority: 'Warning' })])).status,
    ).toBe(202);
    expect(
      (
        await second.post('/falco/alerts', [
          makeAlert({ rule: 'Rule A', priority: 'Warning' }),
          makeAlert({ rule: 'Rule B', priority: 'Error' }),
        ])
      ).status,
    ).toBe(202);
    // Outbound work no replica will run for a day, queued a minute ago: the database's figures are known exactly.
    const queued = new Date(Date.now() - 60_000);
    for (let job = 0; job < 3; job += 1) {
      await first.bot.store.outbox.enqueue(
        { kind: 'test.parked', payload: {}, runAt: new Date(Date.now() + 86_400_000) },
        queued,
      );
    }
    const pendingNow = async (): Promise<number> => {
      const { rows } = await admin.query<{ pending: string }>(
        `SELECT count(*) AS pending FROM ${quoteSchema(schema)}.outbox WHERE state = 'pending'`,
      );
      return Number(rows[0]?.pending);
    };
    // The bots' delivery workers still settle the alerts' Slack jobs meanwhile: compare a scrape with the database
    // while nothing moved around it.
    const { scrapes, pending } = await eventually(async () => {
      const before = await pendingNow();
      const scraped = [await scrape(first.bot.url), await scrape(second.bot.url)];
      return before === (await pendingNow()) && { scrapes: scraped, pending: before };
    }, 'a scrape while the outbox stood still');

    expect(reporters(scrapes)).toHaveLength(1);
    const sum = (name: string, labels: Record<string, string> = {}): number =>
      scrapes.reduce((total, metrics) => total + value(metrics, name, labels), 0);
    expect(sum('falco_triage_outbox_pending')).toBe(pending);
    expect(sum('falco_triage_outbox_pending')).toBeGreaterThanOrEqual(3);
    expect(sum('falco_triage_outbox_dead')).toBe(0);
    expect(sum('falco_triage_proposals', { state: 'pending' })).toBe(0);
    expect(sum('falco_triage_pull_requests', { state: 'open' })).toBe(0);
    const age = sum('falco_triage_outbox_oldest_pending_age_seconds');
    expect(age).toBeGreaterThanOrEqual(60);
    expect(age).toBeLessThan(120);
    // Per-process counters: each replica counts what it received.
    expect(sum('falco_triage_alerts_received_by_rule_total', { rule: 'Rule A', priority: 'Warning' })).toBe(
      2,
    );
    expect(sum('falco_triage_alerts_received_by_rule_total', { rule: 'Rule B', priority: 'Error' })).toBe(1);
    for (const metrics of scrapes) {
      expect(samplesOf(metrics, 'falco_triage_build_info')[0]?.labels.store).toBe('postgres');
    }
  });

  it('hand the database-wide gauges over when the reporter loses its lock connection', async () => {
    const before = reporters([
      await scrape(replicas[0]?.bot.url ?? ''),
      await scrape(replicas[1]?.bot.url ?? ''),
    ]);
    const [reporter] = before;
    const other = reporter === 0 ? 1 : 0;

    expect(await terminateMetricsReporter(admin, schema)).toBe(true);

    await eventually(async () => {
      const metrics = await scrape(replicas[other]?.bot.url ?? '');
      return value(metrics, 'falco_triage_metrics_reporter') === 1;
    }, 'the other replica to report');
    const after = [await scrape(replicas[0]?.bot.url ?? ''), await scrape(replicas[1]?.bot.url ?? '')];
    expect(reporters(after)).toEqual([other]);
  });

  it('hand them over when the reporter stops', async () => {
    const scrapes = [await scrape(replicas[0]?.bot.url ?? ''), await scrape(replicas[1]?.bot.url ?? '')];
    const [reporter] = reporters(scrapes);
    const stopping = replicas[reporter ?? 0] as TestBot;
    const staying = replicas[reporter === 0 ? 1 : 0] as TestBot;

    await stopping.stop({ keepSlack: true });
    replicas.splice(replicas.indexOf(stopping), 1);

    expect(reporters([await scrape(staying.bot.url)])).toEqual([0]);
  });
});
