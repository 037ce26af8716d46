/**
 * `GET /metrics` of a started bot (embedded store): Node's process and runtime metrics under their standard names,
 * every falco_triage_* name kept, the build's identity, alerts by rule and priority with bounded cardinality and
 * hostile rule names, and the database-wide gauges (a single process always reports them; the replica rule is
 * test/e2e/metrics-replicas.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PULL_REQUEST_STATES } from '../../src/store/index.js';
import { PROPOSAL_STATUSES } from '../../src/triage/ports/index.js';
import { HOSTILE_FRAGMENTS } from '../helpers/hostile-text.js';
import { samplesOf, scrape } from '../helpers/prometheus-text.js';
import { makeAlert } from './helpers/alerts.js';
import { startTestBot, type TestBot } from './helpers/test-bot.js';

const BY_RULE = 'falco_triage_alerts_received_by_rule_total';

describe('GET /metrics', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot();
  });

  afterAll(async () => {
    await t.stop();
  });

  it("names Node's process and runtime metrics as stock dashboards expect", async () => {
    const metrics = await scrape(t.bot.url);

    for (const name of [
      'process_cpu_seconds_total',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'process_open_fds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_gc_duration_seconds',
      'nodejs_version_info',
    ]) {
      expect(metrics.types.has(name)).toBe(true);
    }
    expect([...metrics.types.keys()].filter((name) => /^falco_triage_(process|nodejs)_/.test(name))).toEqual(
      [],
    );
  });

  it('keeps every falco_triage_* name of before', async () => {
    const metrics = await scrape(t.bot.url);

    expect([...metrics.types]).toEqual(
      expect.arrayContaining([
        ['falco_triage_alerts_received_total', 'counter'],
        ['falco_triage_alerts_rejected_total', 'counter'],
        ['falco_triage_alerts_stored_total', 'counter'],
        ['falco_triage_alerts_duplicate_total', 'counter'],
        ['falco_triage_alerts_dropped_total', 'counter'],
        ['falco_triage_alerts_muted_total', 'counter'],
        ['falco_triage_slack_messages_total', 'counter'],
        ['falco_triage_slack_errors_total', 'counter'],
        ['falco_triage_outbox_pending', 'gauge'],
        ['falco_triage_outbox_dead', 'gauge'],
        ['falco_triage_store_damaged', 'gauge'],
        ['falco_triage_intake_commit_seconds', 'histogram'],
      ]),
    );
  });

  it('says which build runs on which store', async () => {
    const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string };

    const metrics = await scrape(t.bot.url);

    expect(samplesOf(metrics, 'falco_triage_build_info')).toEqual([
      {
        name: 'falco_triage_build_info',
        labels: { version, node_version: process.versions.node, store: 'embedded' },
        value: 1,
      },
    ]);
  });

  it('counts alerts by rule and priority, whatever the rule name', async () => {
    const hostile = HOSTILE_FRAGMENTS.join('');
    const alerts = [
      makeAlert({ rule: 'Terminal shell in container', priority: 'Notice' }),
      makeAlert({ rule: 'Terminal shell in container', priority: 'Notice' }),
      makeAlert({ rule: 'Terminal shell in container', priority: 'critical' }),
      makeAlert({ rule: hostile, priority: 'Warning' }),
    ];

    expect((await t.post('/falco/alerts', alerts)).status).toBe(202);
    const metrics = await scrape(t.bot.url);

    expect(samplesOf(metrics, BY_RULE, { rule: 'Terminal shell in container' })).toEqual(
      expect.arrayContaining([
        { name: BY_RULE, labels: { rule: 'Terminal shell in container', priority: 'Notice' }, value: 2 },
        { name: BY_RULE, labels: { rule: 'Terminal shell in container', priority: 'Critical' }, value: 1 },
      ]),
    );
    const hostileSeries = samplesOf(metrics, BY_RULE, { priority: 'Warning' }).filter(
      (sample) => sample.labels.rule !== 'Read sensitive file untrusted',
    );
    expect(hostileSeries).toHaveLength(1);
    expect(hostileSeries[0]?.value).toBe(1);
  });

  it('reports the database-wide gauges: every proposal and pull-request state, the outbox', async () => {
    const queued = new Date(Date.now() - 60_000);
    // A job queued a minute ago that is not due for a day: the oldest one not yet done.
    await t.bot.store.outbox.enqueue(
      { kind: 'test.parked', payload: {}, runAt: new Date(Date.now() + 86_400_000) },
      queued,
    );

    const metrics = await scrape(t.bot.url);

    expect(samplesOf(metrics, 'falco_triage_metrics_reporter')[0]?.value).toBe(1);
    expect(
      samplesOf(metrics, 'falco_triage_proposals').map((sample) => [sample.labels.state, sample.value]),
    ).toEqual(PROPOSAL_STATUSES.map((status) => [status, 0]));
    expect(
      samplesOf(metrics, 'falco_triage_pull_requests').map((sample) => [sample.labels.state, sample.value]),
    ).toEqual(PULL_REQUEST_STATES.map((state) => [state, 0]));
    expect(samplesOf(metrics, 'falco_triage_outbox_pending')[0]?.value).toBeGreaterThanOrEqual(1);
    expect(samplesOf(metrics, 'falco_triage_outbox_dead')).toEqual([
      { name: 'falco_triage_outbox_dead', labels: {}, value: 0 },
    ]);
    const age = samplesOf(metrics, 'falco_triage_outbox_oldest_pending_age_seconds')[0]?.value ?? 0;
    expect(age).toBeGreaterThanOrEqual(60);
    expect(age).toBeLessThan(120);
  });
});

describe('GET /metrics under a flood of invented rule names', () => {
  let t: TestBot;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'falco-triage-metrics-'));
    const routes = join(dir, 'routes.yaml');
    // Dropped alerts are still received (and counted by rule); dropping keeps the test from posting 600 messages.
    writeFileSync(routes, "routes:\n  - match: { rules: ['invented *'] }\n    action: drop\n");
    t = await startTestBot({ env: { ROUTES_FILE: routes } });
  });

  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives 500 rules a series each, counts the rest as rule="other", and keeps every alert counted', async () => {
    const alerts = Array.from({ length: 600 }, (_, index) =>
      makeAlert({ rule: `invented ${index}`, priority: 'Error' }),
    );

    expect((await t.post('/falco/alerts', alerts)).status).toBe(202);
    const samples = samplesOf(await scrape(t.bot.url), BY_RULE);

    expect(samples).toHaveLength(501);
    expect(samples.filter((sample) => sample.labels.rule === 'other')).toEqual([
      { name: BY_RULE, labels: { rule: 'other', priority: 'Error' }, value: 100 },
    ]);
    expect(samples.reduce((sum, sample) => sum + sample.value, 0)).toBe(600);
  });
});
