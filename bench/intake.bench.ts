/**
 * Intake throughput: alerts per second durably stored through `POST /falco/alerts` of the real bot (composition
 * root, embedded store on disk, group commit, routing, fingerprints, grouping and outbox jobs in the same
 * transaction, delivery worker posting to the fake Slack meanwhile), with 64 keep-alive clients that each send one
 * request after the other, and the 99th-percentile latency.
 *
 * Two loads: single-alert requests (what Falco's http_output sends) and 50-alert JSON arrays (Falcosidekick batches,
 * log shippers). Baseline, measured in the same run with the same client load: a bare node:http server that only
 * reads the body and JSON-parses it, then answers 202. Reference, same run: the cheapest durable write on the
 * same store (support/stored-reference.ts: parse, then INSERT each alert's text into a one-table database with
 * group commit), so the report shows how much of the gap is the store's and how much is the bot's own work.
 *
 * Both stores: the embedded one, then PostgreSQL (DATABASE_URL, TEST_DATABASE_URL or the local server; its rows are
 * skipped when none answers), each bot row against the reference on its own store.
 *
 * Alerts: the 0.44.1 "Read sensitive file untrusted" capture over 50 fingerprints with distinct pids and times.
 * Goals (issue 16): at least half the reference's alerts/s and at most twice its p99 in both loads on both stores,
 * and at least 10,000 alerts/s for arrays on the embedded store.
 *
 * Run: npx tsx bench/intake.bench.ts [--seconds 10] [--clients 64]
 */
// The production start's V8 flags (no Liftoff: PGlite compiled once, up front), for the bot and the references.
import '../src/runtime-flags.js';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BENCH_TOKEN, cachedSeed, startBenchBot } from './support/bench-bot.js';
import { startJsonServer } from './support/json-server.js';
import { fixture } from './support/fixture-alerts.js';
import { startStoredReference } from './support/stored-reference.js';
import type { LoadResult, LoadSpec } from './support/load-client.js';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CLIENTS = arg('clients', 64);
const WARMUP_MS = 2000;
const BATCH = 50;
const FINGERPRINTS = 50;

function alert(index: number): Record<string, unknown> {
  const time = new Date(Date.UTC(2026, 7, 13) + index * 7);
  return {
    ...fixture,
    time: time.toISOString(),
    output_fields: {
      ...fixture.output_fields,
      'evt.time': time.getTime() * 1_000_000,
      'fd.name': `/etc/secret-${index % FINGERPRINTS}`,
      'proc.pid': 10_000 + index,
    },
  };
}

function writeBodies(dir: string, name: string, perBody: number, bodies: number): string {
  const path = join(dir, `${name}.json`);
  const list = Array.from({ length: bodies }, (_, body) =>
    perBody === 1
      ? JSON.stringify(alert(body))
      : JSON.stringify(Array.from({ length: perBody }, (_unused, i) => alert(body * perBody + i))),
  );
  writeFileSync(path, JSON.stringify({ bodies: list, alertsPerBody: perBody }));
  return path;
}

/** Runs the load client in a child process (async: this process keeps serving meanwhile). */
function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'support/load-client.ts'), JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(out) as LoadResult) : fail(new Error(`load client exited ${code}`)),
    );
  });
}

/** The baseline: read the body, JSON.parse it, answer 202. */
async function bareServer(): Promise<{ url: string; parsed: number; close(): Promise<void> }> {
  const counter = { parsed: 0 };
  const server = await startJsonServer((parsed, answer) => {
    const count = Array.isArray(parsed) ? parsed.length : 1;
    counter.parsed += count;
    answer(202, `{"status":"parsed","accepted":${count}}`);
  });
  return {
    url: server.url,
    get parsed() {
      return counter.parsed;
    },
    set parsed(value: number) {
      counter.parsed = value;
    },
    close: () => server.close(),
  };
}

interface Row {
  readonly load: string;
  readonly server: string;
  readonly result: LoadResult;
  /** CPU seconds this process (the server) used while the load ran, warm-up included. */
  readonly cpuSeconds: number;
  /** Alerts answered 202 while the load ran, warm-up included (for alerts per CPU-second). */
  readonly alertsInRun: number;
}

function rate(result: LoadResult): number {
  return result.alerts / result.seconds;
}

/** Runs a load and measures the CPU this process (the server under test) used meanwhile. */
async function measured(spec: LoadSpec): Promise<{ result: LoadResult; cpuSeconds: number }> {
  const before = process.cpuUsage();
  const result = await load(spec);
  const used = process.cpuUsage(before);
  return { result, cpuSeconds: (used.user + used.system) / 1e6 };
}

const REFERENCE_EMBEDDED = 'reference: bare node:http + JSON.parse + PGlite INSERT';
const BOT_EMBEDDED = 'falco-triage (embedded store)';
const REFERENCE_POSTGRES = 'reference: bare node:http + JSON.parse + PostgreSQL INSERT';
const BOT_POSTGRES = 'falco-triage (PostgreSQL)';
const POSTGRES_URL =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachablePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return POSTGRES_URL;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh bot (and store) per load, so the second load does not start on a table the first filled. */
async function measureBot(
  name: string,
  file: string,
  spec: (url: string, file: string) => LoadSpec,
  env: Record<string, string>,
  server: string,
): Promise<Row> {
  const bench = await startBenchBot({ env });
  const run = await measured(spec(`${bench.bot.url}/falco/alerts`, file));
  const { rows: stored } = await bench.bot.store.db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
  const posts = bench.slack.calls('chat.postMessage').filter((call) => call.status === 200).length;
  console.error(
    `  ${server}, ${name}: ${Number(stored[0]?.n).toLocaleString('en')} alerts stored in all ` +
      `(warm-up included), ${posts} Slack posts meanwhile`,
  );
  await bench.stop();
  return { load: name, server, ...run, alertsInRun: Number(stored[0]?.n) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-intake-bench-'));
  const loads = [
    { name: `single-alert requests`, file: writeBodies(dir, 'single', 1, 5000) },
    { name: `${BATCH}-alert arrays`, file: writeBodies(dir, 'batched', BATCH, 400) },
  ];
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` };
  const spec = (url: string, bodiesFile: string): LoadSpec => ({
    url,
    headers,
    clients: CLIENTS,
    warmupMs: WARMUP_MS,
    durationMs: SECONDS * 1000,
    bodiesFile,
  });
  const rows: Row[] = [];
  try {
    const bare = await bareServer();
    for (const { name, file } of loads) {
      bare.parsed = 0;
      const { result, cpuSeconds } = await measured(spec(bare.url, file));
      rows.push({
        load: name,
        server: 'baseline: bare node:http + JSON.parse',
        result,
        cpuSeconds,
        alertsInRun: bare.parsed,
      });
    }
    await bare.close();

    for (const { name, file } of loads) {
      const reference = await startStoredReference({
        kind: 'embedded',
        dataDir: join(dir, `reference-${rows.length}`),
        seed: cachedSeed(),
      });
      const run = await measured(spec(reference.url, file));
      rows.push({ load: name, server: REFERENCE_EMBEDDED, ...run, alertsInRun: await reference.stored() });
      await reference.close();
    }
    for (const { name, file } of loads) rows.push(await measureBot(name, file, spec, {}, BOT_EMBEDDED));

    const postgres = await reachablePostgres();
    if (postgres === undefined) {
      console.error(`  PostgreSQL rows skipped: no server answered at ${POSTGRES_URL}`);
    } else {
      for (const { name, file } of loads) {
        const reference = await startStoredReference({ kind: 'postgres', url: postgres });
        const run = await measured(spec(reference.url, file));
        rows.push({ load: name, server: REFERENCE_POSTGRES, ...run, alertsInRun: await reference.stored() });
        await reference.close();
      }
      for (const { name, file } of loads) {
        const schema = `bench_bot_${process.pid}_${rows.length}`;
        const admin = new pg.Client({ connectionString: postgres });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        try {
          const url = `${postgres}${postgres.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
          rows.push(await measureBot(name, file, spec, { DATABASE_URL: url }, BOT_POSTGRES));
        } finally {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows);
}

/** The durable reference on the same store as `row` (the embedded one for the embedded bot, PostgreSQL's for PostgreSQL). */
function referenceOf(rows: readonly Row[], row: Row): Row | undefined {
  const store = row.server === BOT_POSTGRES ? REFERENCE_POSTGRES : REFERENCE_EMBEDDED;
  return rows.find((other) => other.load === row.load && other.server === store);
}

function print(rows: readonly Row[]): void {
  const [load1] = loadavg();
  console.log(
    `\nIntake: ${CLIENTS} keep-alive clients, ${SECONDS} s measured after ${WARMUP_MS / 1000} s warm-up ` +
      `(${cpus().length} CPUs, load average ${load1?.toFixed(1) ?? '?'})`,
  );
  const header = [
    'load',
    'server',
    'alerts/s',
    'p50 ms',
    'p99 ms',
    'non-202',
    'vs baseline',
    'vs reference',
    'alerts/CPU-s',
  ];
  const lines = rows.map((row) => {
    const baseline = rows.find((other) => other.load === row.load && other.server.startsWith('baseline'));
    const reference = row.server.startsWith('falco-triage') ? referenceOf(rows, row) : undefined;
    const percent = (other: Row | undefined): string =>
      other === undefined ? '' : `${Math.round((rate(row.result) / rate(other.result)) * 100)}%`;
    const non202 = Object.entries(row.result.statuses)
      .filter(([status]) => status !== '202')
      .reduce((sum, [, n]) => sum + n, 0);
    return [
      row.load,
      row.server,
      Math.round(rate(row.result)).toLocaleString('en'),
      row.result.p50Ms.toFixed(1),
      row.result.p99Ms.toFixed(1),
      String(non202),
      percent(baseline),
      percent(reference),
      Math.round(row.alertsInRun / row.cpuSeconds).toLocaleString('en'),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column >= 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log("(alerts/CPU-s: CPU of this process only; PostgreSQL's own CPU is not in it)");
  for (const row of rows.filter((candidate) => candidate.server.startsWith('falco-triage'))) {
    const reference = referenceOf(rows, row);
    if (reference === undefined) continue;
    const perSecond = rate(row.result);
    const share = perSecond / rate(reference.result);
    const p99 = row.result.p99Ms / reference.result.p99Ms;
    const goals = [
      `${Math.round(share * 100)}% of the reference's alerts/s (goal ≥ 50%: ${share >= 0.5 ? 'met' : 'MISSED'})`,
      `p99 ${p99.toFixed(1)}× the reference's (goal ≤ 2×: ${p99 <= 2 ? 'met' : 'MISSED'})`,
    ];
    if (row.server === BOT_EMBEDDED && row.load.includes('arrays')) {
      goals.push(
        `${Math.round(perSecond).toLocaleString('en')} alerts/s (goal ≥ 10,000: ${perSecond >= 10_000 ? 'met' : 'MISSED'})`,
      );
    }
    console.log(`goal (${row.server}, ${row.load}): ${goals.join('; ')}`);
  }
}

await main();
