/**
 * Alert insert throughput of the store, on the embedded store (PGlite, on disk) and on PostgreSQL (when reachable at
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test).
 *
 * Baseline: one INSERT transaction per alert, measured in the same run. Compared with it: batched inserts
 * (`alerts.insert` with 500 and 1,000 alerts per call) and the group-commit writer fed by 100 concurrent writers of
 * 10 alerts each (what intake does with concurrent requests).
 *
 * Rows are realistic: the 0.44.1 "Read sensitive file untrusted" capture (about 1.3 KB of JSON, stored raw plus
 * parsed fields), with varying host, fingerprint and Falcosidekick uuid.
 *
 * Run: npx tsx bench/store-insert.bench.ts [--rows 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { FIXTURE_RAW, fixtureRows } from './support/fixture-alerts.js';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroupCommit } from '../src/store/group-commit.js';
import { openStore, type Store } from '../src/store/store.js';
import type { NewAlert } from '../src/triage/ports/index.js';

const rowsArg = process.argv.indexOf('--rows');
const BATCHED_ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 20_000;
const SINGLE_ROWS = Math.max(200, Math.floor(BATCHED_ROWS / 20));
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `count` rows received from now on. */
function fixtureRowsNow(count: number): NewAlert[] {
  return fixtureRows(0, count, Date.now());
}

interface Row {
  backend: string;
  method: string;
  rows: number;
  seconds: number;
  /** CPU time of this process: all of PGlite's work, only the client side of PostgreSQL's. */
  cpuSeconds: number;
}

async function measure(
  backend: string,
  method: string,
  rows: number,
  run: () => Promise<void>,
): Promise<Row> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return {
    backend,
    method,
    rows,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

async function benchStore(backend: string, store: Store): Promise<Row[]> {
  const results: Row[] = [];
  const single = fixtureRowsNow(SINGLE_ROWS);
  results.push(
    await measure(backend, 'single-row INSERT per alert (baseline)', single.length, async () => {
      for (const alert of single) await store.alerts.insert([alert]);
    }),
  );
  for (const size of [500, 1000]) {
    const alerts = fixtureRowsNow(BATCHED_ROWS);
    results.push(
      await measure(backend, `batched, ${size} alerts per insert`, alerts.length, async () => {
        for (let start = 0; start < alerts.length; start += size) {
          await store.alerts.insert(alerts.slice(start, start + size));
        }
      }),
    );
  }
  const alerts = fixtureRowsNow(BATCHED_ROWS);
  const writer = createGroupCommit<NewAlert, unknown>({
    commit: (items) => store.alerts.insert(items),
  });
  let next = 0;
  results.push(
    await measure(backend, 'group commit, 100 writers × 10 alerts', alerts.length, async () => {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < alerts.length) {
            const start = next;
            next += 10;
            await writer.write(alerts.slice(start, start + 10));
          }
        }),
      );
    }),
  );
  const stats = writer.stats();
  console.error(`  ${backend}: group commit used ${stats.batches} transactions for ${stats.items} alerts`);
  return results;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'falco-triage-bench-'));
  try {
    console.error(`embedded store in ${dataDir} (initdb takes a few seconds)…`);
    const embedded = await openStore({ kind: 'embedded', dataDir });
    rows.push(...(await benchStore('PGlite', embedded)));
    await embedded.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const schema = `ft_bench_${process.pid}`;
  let postgres: Store | undefined;
  try {
    postgres = await openStore({ kind: 'postgres', url: POSTGRES_URL }, { schema });
    await postgres.ping();
  } catch (error) {
    console.error(
      `PostgreSQL not reachable at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//…@')}: ${String(error)}`,
    );
    await postgres?.close();
    postgres = undefined;
  }
  if (postgres !== undefined) {
    try {
      console.error('PostgreSQL…');
      rows.push(...(await benchStore('PostgreSQL', postgres)));
    } finally {
      await postgres.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await postgres.close();
    }
  }
  printTable(rows);
}

function printTable(rows: readonly Row[]): void {
  const header = ['backend', 'method', 'alerts', 'seconds', 'alerts/s', 'vs baseline', 'alerts/CPU-s'];
  const lines = rows.map((row) => {
    const baseline = rows.find((other) => other.backend === row.backend && other.method.includes('baseline'));
    const rate = row.rows / row.seconds;
    const ratio = baseline ? rate / (baseline.rows / baseline.seconds) : 1;
    return [
      row.backend,
      row.method,
      String(row.rows),
      row.seconds.toFixed(2),
      Math.round(rate).toLocaleString('en'),
      `${ratio.toFixed(1)}×`,
      Math.round(row.rows / row.cpuSeconds).toLocaleString('en'),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column >= 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  const [load] = loadavg();
  console.log(
    `\nStore insert throughput (alert of ${FIXTURE_RAW.length} bytes raw; ${BATCHED_ROWS} alerts per batched run; ` +
      `${cpus().length} CPUs, load average ${load?.toFixed(1)} at the end)`,
  );
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log(
    'alerts/CPU-s counts this process only: all of the work for PGlite, the client side for PostgreSQL. ' +
      'On a busy machine it is steadier than alerts/s.',
  );
}

await main();
