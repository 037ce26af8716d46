/**
 * Time to load and compile the three current default rules files (falco_rules.yaml, incubating, sandbox) into one
 * ruleset, as `falco -V` does at 0.44.1: YAML reading with positions, the collector, list substitution, parsing
 * every macro and rule condition, macro expansion, exceptions and checks. Goal: under 150 ms.
 *
 * Baseline measured in the same run: plain `yaml` parsing of the same three files (`YAML.parseAllDocuments` with
 * default options), i.e. what merely reading the YAML costs. Each task runs once per round, interleaved, after a
 * warm-up; the table shows the median and the fastest round.
 *
 * Run: npx tsx bench/rules-load.bench.ts [--rounds 15]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { parseFieldCatalog } from '../src/falco/fields/catalog.js';
import { loadRules } from '../src/falco/rules/load.js';
import type { RulesFileInput } from '../src/falco/rules/model.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 15;
const WARMUP = 3;

const fixtures = resolve(process.cwd(), '../shared/fixtures');
const files: RulesFileInput[] = [
  'falco_rules.yaml',
  'falco-incubating_rules.yaml',
  'falco-sandbox_rules.yaml',
].map((name) => ({ name, content: readFileSync(resolve(fixtures, 'rules', name), 'utf8') }));
const catalog = parseFieldCatalog(readFileSync(resolve(fixtures, 'falco/fields.json'), 'utf8'));
if (!catalog.ok) throw new Error(catalog.error.message);
const fields = catalog.value;
const totalBytes = files.reduce((sum, file) => sum + file.content.length, 0);
const totalLines = files.reduce((sum, file) => sum + file.content.split('\n').length, 0);

const check = loadRules(files);
if (!check.ok) throw new Error(`the rules do not load: ${check.errors[0]?.message ?? ''}`);

// Keeps results alive so the JIT cannot drop the work.
let sink = 0;

const BASELINE = 'baseline: YAML.parseAllDocuments';
const LOAD = 'loadRules (0.44.1)';
const tasks: { readonly name: string; readonly run: () => void }[] = [
  {
    name: BASELINE,
    run: () => files.forEach((file) => (sink += YAML.parseAllDocuments(file.content).length)),
  },
  { name: LOAD, run: () => (sink += loadRules(files).ruleset.rules.length) },
  {
    name: 'loadRules + fields.json catalog',
    run: () => (sink += loadRules(files, { fields }).ruleset.rules.length),
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const timings = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  for (const task of tasks) {
    const start = performance.now();
    task.run();
    const elapsed = performance.now() - start;
    if (round >= WARMUP) timings.get(task.name)?.push(elapsed);
  }
}

const baselineMs = median(timings.get(BASELINE) ?? []);
const rows = tasks.map((task) => {
  const values = timings.get(task.name) ?? [];
  const ms = median(values);
  return [task.name, ms.toFixed(1), Math.min(...values).toFixed(1), (ms / baselineMs).toFixed(2)];
});
const header = ['task', 'median ms', 'fastest ms', '× YAML baseline'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: readonly string[]): string =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
    .join('  ');

console.log(
  `Loading the three current rules files (${(totalBytes / 1024).toFixed(0)} KiB, ${totalLines} lines, ` +
    `${check.ruleset.rules.length} rules, ${check.ruleset.macros.length} macros, ${check.ruleset.lists.length} lists); ` +
    `median of ${ROUNDS} rounds after ${WARMUP} warm-up rounds`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
const loadMs = median(timings.get(LOAD) ?? []);
console.log(
  `\nloadRules: ${loadMs.toFixed(1)} ms (goal < 150 ms: ${loadMs < 150 ? 'met' : 'NOT met'}), ` +
    `${(loadMs / baselineMs).toFixed(2)}× plain YAML parsing (${baselineMs.toFixed(1)} ms)`,
);
if (sink === -1) console.log('unreachable');
