/**
 * App Home rendering for a busy approver: 50 proposals waiting for approval and 5,000 alert groups (with 20,000
 * alerts over two days for the noisiest rules), on the embedded store. Measured: building the report from the store
 * (the workflow's queries) and rendering it as a home view, as `app_home_opened` does before `views.publish`.
 * Goal (issue 19): well within Slack's 3-second budget for answering.
 *
 * Baseline, same run and store: the plain SQL of the same data (pending proposals, the approver's approvals, open
 * groups of the last day with their count, the rules of the last two days by count, live mutes), no workflow and
 * no rendering.
 *
 * Run: npx tsx bench/app-home.bench.ts [--runs 50]
 */
import '../src/runtime-flags.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { homeView } from '../src/slack/home-view.js';
import { newId } from '../src/store/ids.js';
import { openStore, type Store } from '../src/store/store.js';
import { homeReport } from '../src/triage/commands/index.js';
import type { NewProposal } from '../src/triage/ports/index.js';
import { fixtureRows } from './support/fixture-alerts.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 50;
const APPROVER = 'U0BOB00001';
const NOW = Date.now();
const HOUR = 3_600_000;

function proposal(index: number): NewProposal {
  const name = `agent-${index}`;
  return {
    id: newId(NOW - index),
    alertId: newId(NOW - index),
    groupId: null,
    rule: 'Read sensitive file untrusted',
    strategy: 'exception',
    exception: {
      selection: { fields: [{ field: 'proc.name', match: 'exact' }], strategyId: 'exception' },
      target: 'Read sensitive file untrusted',
      predicate: `proc.name = ${name}`,
      alsoAffects: [],
      firesMore: [],
      fields: ['proc.name'],
      annotation: 'falco-triage proposal',
      falcoVersion: '0.44.1',
      change: {
        kind: 'exception',
        rule: 'Read sensitive file untrusted',
        name,
        fields: ['proc.name'],
        comps: ['='],
        row: [name],
        exists: false,
      },
    },
    yaml: '- rule: Read sensitive file untrusted\n  exceptions: []\n',
    justification: `${name} is our backup agent; it reads /etc/shadow by design`,
    exceptionExpiresAt: null,
    proposer: `U0PROP${String(index % 7).padStart(4, '0')}`,
    impact: null,
    equivalenceKey: `bench|${name}`,
    expiresAt: new Date(NOW + 48 * HOUR),
    createdAt: new Date(NOW - index * 60_000),
  };
}

async function seed(store: Store): Promise<void> {
  const alerts = fixtureRows(0, 20_000, NOW - 47 * HOUR).map((row, index) => ({
    ...row,
    rule: `Rule ${index % 40}`,
    eventTime: new Date(NOW - ((index * 8_460) % (48 * HOUR))),
  }));
  for (let from = 0; from < alerts.length; from += 1000)
    await store.alerts.insert(alerts.slice(from, from + 1000));
  await store.db.query(
    `INSERT INTO alert_groups (id, fingerprint, channel, rule, first_alert_id, last_alert_id, count, first_seen,
                               last_seen, updated_at, state)
     SELECT gen_random_uuid(), 'fp' || g, 'C0ALERTS0' || (g % 5), 'Rule ' || (g % 40), gen_random_uuid(),
            gen_random_uuid(), 1 + g % 90, $1::timestamptz - (g || ' minutes')::interval,
            $1::timestamptz - ((g % 1440) || ' minutes')::interval, $1,
            CASE WHEN g % 3 = 0 THEN 'acknowledged' ELSE 'open' END
       FROM generate_series(1, 5000) AS g`,
    [new Date(NOW)],
  );
  for (let index = 0; index < 50; index += 1) await store.proposals.create(proposal(index));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let warm = 0; warm < 5; warm += 1) await run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-home-bench-'));
  const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  try {
    await seed(store);
    const channels = ['C0ALERTS00', 'C0ALERTS01', 'C0ALERTS02'];
    const deps = {
      store,
      clock: { now: () => new Date(NOW) },
      approvers: {
        approvers: { users: [APPROVER], group: undefined },
        check: () => Promise.resolve({ ok: true as const, value: undefined }),
      },
      channelsOf: () => Promise.resolve(channels),
    };
    let blocks = 0;
    let bytes = 0;
    const home = await timed(async () => {
      const view = homeView(await homeReport(deps, APPROVER));
      blocks = (view.blocks as unknown[]).length;
      bytes = JSON.stringify(view).length;
    });
    const now = new Date(NOW);
    const dayAgo = new Date(NOW - 24 * HOUR);
    const plain = await timed(async () => {
      const pending = await store.db.query<{ id: string }>(
        "SELECT * FROM proposals WHERE status = 'pending' ORDER BY updated_at DESC LIMIT 200",
      );
      await Promise.all([
        store.db.query(
          'SELECT proposal_id FROM approvals WHERE user_id = $1 AND proposal_id = ANY($2::uuid[])',
          [APPROVER, pending.rows.map((row) => row.id)],
        ),
        store.db.query(
          "SELECT count(*) FROM alert_groups WHERE state = 'open' AND last_seen >= $1 AND channel = ANY($2::text[])",
          [dayAgo, channels],
        ),
        store.db.query(
          "SELECT * FROM alert_groups WHERE state = 'open' AND last_seen >= $1 AND channel = ANY($2::text[]) ORDER BY last_seen DESC LIMIT 10",
          [dayAgo, channels],
        ),
        store.db.query(
          'SELECT rule, count(*) FROM alerts WHERE event_time > $1 AND event_time <= $2 GROUP BY rule ORDER BY 2 DESC LIMIT 10',
          [new Date(NOW - 48 * HOUR), now],
        ),
        store.db.query('SELECT * FROM proposals WHERE proposer = $1 ORDER BY updated_at DESC LIMIT 10', [
          APPROVER,
        ]),
        store.db.query('SELECT * FROM mutes WHERE revoked_at IS NULL AND until > $1', [now]),
      ]);
    });
    const [load] = loadavg();
    console.log(
      `\nApp Home for an approver with 50 waiting proposals, 5,000 groups, 20,000 alerts (embedded store; ${RUNS} runs; ` +
        `${cpus().length} CPUs, load ${load?.toFixed(1) ?? '?'})`,
    );
    const row = (name: string, times: number[]): string =>
      `${name.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(times, 99).toFixed(1).padStart(7)} ms`;
    console.log(row('baseline: the plain queries of the same data', plain));
    console.log(row('falco-triage: report from the store + home view', home));
    console.log(`view: ${blocks} blocks, ${bytes.toLocaleString('en')} bytes of JSON`);
    const p99 = percentile(home, 99);
    console.log(
      `goal: p99 ${p99.toFixed(0)} ms against Slack's 3,000 ms (${p99 <= 1000 ? 'met, under a third of it' : 'MISSED'}); ` +
        `${(percentile(home, 50) / Math.max(0.01, percentile(plain, 50))).toFixed(1)}× the plain queries`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
