/**
 * The start-up check's cost: opening an embedded store holding 100,000 alerts (about 3.3 KB each, the 0.44.1 "Read
 * sensitive file untrusted" capture with varying fields) with the check, against the baseline measured in the same
 * run: the same open with FALCO_TRIAGE_STARTUP_CHECK_SECONDS=0 (file sizes only, no child process). Also reported:
 * the file-size check alone, and the child's own figures (PGlite opening, then every table read twice).
 *
 * Each figure is the median of ROUNDS opens, alternating with and without the check so that a busy machine
 * disturbs both alike. CPU time (this process and its children, from /proc on Linux) is printed beside wall time:
 * on a shared machine it is the steadier figure.
 *
 * Run: npx tsx bench/store-check.bench.ts [--alerts 100000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fixtureRows } from './support/fixture-alerts.js';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGLITE_SUBDIR } from '../src/store/pglite-conf.js';
import { checkPgliteFiles } from '../src/store/pglite-file-check.js';
import type { StartupCheckReport } from '../src/store/startup-check.js';
import { openStore } from '../src/store/store.js';
import { pgliteSeed } from '../src/store/index.js';

const alertsArg = process.argv.indexOf('--alerts');
const ALERTS = alertsArg > 0 ? Number(process.argv[alertsArg + 1]) : 100_000;
const ROUNDS = 3;

async function fill(dataDir: string): Promise<void> {
  const store = await openStore({ kind: 'embedded', dataDir }, { seed: await pgliteSeed() });
  const now = Date.now() - ALERTS;
  for (let from = 0; from < ALERTS; from += 1000) {
    await store.alerts.insert(fixtureRows(from, Math.min(1000, ALERTS - from), now));
  }
  await store.close();
}

/** CPU milliseconds used so far by this process and by its children that have ended (Linux). */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat: after the command name in parentheses, cutime and cstime are fields 14 and 15 (clock ticks).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    children = Number.NaN;
  }
  return (own.user + own.system) / 1000 + children;
}

/** Wall and CPU milliseconds to open the store; the check's own report when it ran. */
async function openOnce(
  dataDir: string,
  checkSeconds: number,
): Promise<{ ms: number; cpu: number; report: StartupCheckReport | undefined }> {
  let report: StartupCheckReport | undefined;
  const cpu = cpuMs();
  const started = performance.now();
  const store = await openStore(
    { kind: 'embedded', dataDir, startupCheckSeconds: checkSeconds },
    { onStartupCheck: (checked) => (report = checked) },
  );
  const ms = performance.now() - started;
  const used = cpuMs() - cpu;
  await store.close();
  return { ms, cpu: used, report };
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'falco-triage-check-bench-'));
  try {
    console.error(`filling ${dataDir} with ${ALERTS.toLocaleString('en')} alerts…`);
    await fill(dataDir);
    const plain: { ms: number; cpu: number }[] = [];
    const checked: { ms: number; cpu: number }[] = [];
    const reports: StartupCheckReport[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      plain.push(await openOnce(dataDir, 0));
      const withCheck = await openOnce(dataDir, 600);
      checked.push(withCheck);
      if (withCheck.report !== undefined) reports.push(withCheck.report);
    }
    const sizes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      checkPgliteFiles(join(dataDir, PGLITE_SUBDIR));
      sizes.push(performance.now() - started);
    }
    const last = reports.at(-1);
    const [load] = loadavg();
    console.log(
      `\nStart-up check of the embedded store (${ALERTS.toLocaleString('en')} alerts, ` +
        `${last?.rows.toLocaleString('en') ?? '?'} rows in ${last?.tables ?? '?'} tables; median of ${ROUNDS}; ` +
        `${cpus().length} CPUs, load ${load?.toFixed(1) ?? '?'})`,
    );
    const seconds = (ms: number): string => (ms / 1000).toFixed(2).padStart(6);
    const rows: [string, number, number | undefined][] = [
      [
        'baseline: open without the check (file sizes only)',
        median(plain.map((run) => run.ms)),
        median(plain.map((run) => run.cpu)),
      ],
      ['open with the check', median(checked.map((run) => run.ms)), median(checked.map((run) => run.cpu))],
      [
        '  of which the check (child: PGlite opens, every table read twice)',
        median(reports.map((report) => report.ms)),
        undefined,
      ],
      ['file sizes alone', median(sizes), undefined],
    ];
    console.log(`  ${''.padEnd(68)}   wall s    CPU s`);
    for (const [label, ms, cpu] of rows)
      console.log(`  ${label.padEnd(68)} ${seconds(ms)}   ${cpu === undefined ? '' : seconds(cpu)}`);
    const extra = (pick: (run: { ms: number; cpu: number }) => number): string =>
      ((median(checked.map(pick)) - median(plain.map(pick))) / 1000).toFixed(2);
    console.log(
      `  cost of the check per start: +${extra((run) => run.ms)} s wall, +${extra((run) => run.cpu)} s CPU`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
