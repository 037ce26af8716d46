/**
 * The Grafana dashboard (dashboards/falco-triage.json, shipped by the Helm chart as a ConfigMap): it parses, its
 * panels are well formed, and every metric its PromQL names exists in `GET /metrics` of a running bot, so a renamed
 * metric cannot leave a panel silently empty.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { sampleNames, scrape } from '../helpers/prometheus-text.js';
import { makeAlert } from './helpers/alerts.js';
import { startTestBot, type TestBot } from './helpers/test-bot.js';

const DASHBOARD = resolve('dashboards/falco-triage.json');

const target = z.object({ refId: z.string(), expr: z.string().min(1), datasource: z.unknown() });
const panel = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().min(1),
  gridPos: z.object({ h: z.number(), w: z.number().max(24), x: z.number().min(0).max(23), y: z.number() }),
  datasource: z.object({ type: z.literal('prometheus'), uid: z.literal('${datasource}') }).optional(),
  targets: z.array(target).optional(),
});
const dashboard = z.object({
  uid: z.string(),
  title: z.string(),
  schemaVersion: z.number(),
  templating: z.object({ list: z.array(z.object({ name: z.string() })) }),
  panels: z.array(panel),
});
type Dashboard = z.infer<typeof dashboard>;

/** PromQL words that are not metric names (functions are recognised by the parenthesis that follows them). */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);
const KEYWORDS_ALSO = new Set(['offset', 'bool', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects: identifiers left once strings, label matchers, ranges and label
 * lists are taken out, that are neither keywords nor function calls.
 */
function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/(?<![\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map(
    (match) => match[1] ?? '',
  );
  return names.filter((name) => !KEYWORDS.has(name) && !KEYWORDS_ALSO.has(name.toLowerCase()));
}

function expressions(board: Dashboard): { panel: string; expr: string }[] {
  return board.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
}

describe('metricNamesOf', () => {
  it.each([
    ['sum(rate(a_total{job=~"$job"}[$__rate_interval]))', ['a_total']],
    ['topk(20, sum by (rule, priority) (rate(b_total{x="y"}[5m])))', ['b_total']],
    ['histogram_quantile(0.99, sum by (le) (rate(c_bucket[1m]))) / d_count', ['c_bucket', 'd_count']],
    ['max by (instance) (e) * on (instance) group_left f or vector(0)', ['e', 'f']],
    ['rate(g{name="sum(h)"}[5m]) offset 5m', ['g']],
  ])('%s names %j', (expr, names) => {
    expect(metricNamesOf(expr)).toEqual(names);
  });
});

describe('dashboards/falco-triage.json', () => {
  let t: TestBot;
  let board: Dashboard;

  beforeAll(async () => {
    board = dashboard.parse(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
    t = await startTestBot();
    // Traffic, so that counters with labels have series too (not only their # TYPE line).
    await t.post('/falco/alerts', [makeAlert({ rule: 'Terminal shell in container', priority: 'Notice' })]);
    await t.post('/falco/alerts', [makeAlert()], { headers: { authorization: 'Bearer wrong-token-0123' } });
  });

  afterAll(async () => {
    await t.stop();
  });

  it('is a dashboard with unique panel ids, on the Prometheus data source variable', () => {
    const ids = board.panels.map((p) => p.id);

    expect(new Set(ids).size).toBe(ids.length);
    expect(board.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'job']);
    for (const p of board.panels) {
      if (p.type === 'row') continue;
      expect([p.title, p.datasource?.uid]).toEqual([p.title, '${datasource}']);
      expect([p.title, (p.targets ?? []).length > 0]).toEqual([p.title, true]);
    }
  });

  it('selects only metrics that a running bot exposes', async () => {
    const exposed = sampleNames(await scrape(t.bot.url));

    const missing = expressions(board).flatMap(({ panel: title, expr }) =>
      metricNamesOf(expr)
        .filter((name) => !exposed.has(name))
        .map((name) => `${title}: ${name}`),
    );

    expect(missing).toEqual([]);
    expect(expressions(board).every(({ expr }) => metricNamesOf(expr).length > 0)).toBe(true);
  });

  it('covers intake by rule, rejections, latency, the outbox, Slack, proposals, pull requests and the process', () => {
    const used = new Set(expressions(board).flatMap(({ expr }) => metricNamesOf(expr)));

    expect([...used]).toEqual(
      expect.arrayContaining([
        'falco_triage_alerts_received_by_rule_total',
        'falco_triage_alerts_rejected_total',
        'falco_triage_intake_commit_seconds_bucket',
        'falco_triage_outbox_pending',
        'falco_triage_outbox_dead',
        'falco_triage_outbox_oldest_pending_age_seconds',
        'falco_triage_slack_errors_total',
        'falco_triage_proposals',
        'falco_triage_pull_requests',
        'process_resident_memory_bytes',
        'process_cpu_seconds_total',
        'nodejs_eventloop_lag_seconds',
      ]),
    );
  });
});
