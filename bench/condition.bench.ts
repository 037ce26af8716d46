/**
 * Condition parsing throughput over the 1,819 real macro and rule conditions of conformance/rule_conditions.json
 * (the rules loader parses about that many per load; the goal for a whole load is under 150 ms).
 *
 * Baselines measured in the same run: one pass of a single sticky regex that splits the text into tokens (the
 * cost of merely scanning it, with no grammar) and a plain loop over its char codes. Each task runs once per
 * round, interleaved with the others, after a warm-up; the table shows the median round.
 *
 * Run: npx tsx bench/condition.bench.ts [--rounds 25]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkCondition } from '../src/falco/condition/check.js';
import { parseCondition } from '../src/falco/condition/parser.js';
import { printCondition } from '../src/falco/condition/printer.js';
import { parseFieldCatalog } from '../src/falco/fields/catalog.js';
import { falcoVersion } from '../src/falco/version.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 25;
const WARMUP = 5;

const fixtures = resolve(process.cwd(), '../shared/fixtures');
const conditions = (
  JSON.parse(readFileSync(resolve(fixtures, 'conformance/rule_conditions.json'), 'utf8')) as {
    condition: string;
  }[]
).map((entry) => entry.condition);
const catalog = parseFieldCatalog(readFileSync(resolve(fixtures, 'falco/fields.json'), 'utf8'));
if (!catalog.ok) throw new Error(catalog.error.message);
const fields = catalog.value;
const totalChars = conditions.reduce((sum, text) => sum + text.length, 0);
const parsed = conditions.map((text) => {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`does not parse: ${text}`);
  return result.value;
});

// Keeps results alive so the JIT cannot drop the work.
let sink = 0;
const TOKEN = /\s+|[()[\],]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s()[\],"']+/y;
const v037 = falcoVersion(0, 37, 1);

const tasks: { readonly name: string; readonly baseline?: true; readonly run: () => void }[] = [
  {
    name: 'baseline: regex token scan',
    baseline: true,
    run: () => {
      for (const text of conditions) {
        TOKEN.lastIndex = 0;
        while (TOKEN.lastIndex < text.length && TOKEN.exec(text) !== null) sink++;
      }
    },
  },
  {
    name: 'baseline: char code loop',
    run: () => {
      for (const text of conditions)
        for (let i = 0; i < text.length; i++) sink += text.charCodeAt(i) === 40 ? 1 : 0;
    },
  },
  {
    name: 'parseCondition (0.44.1)',
    run: () => conditions.forEach((text) => (sink += parseCondition(text).ok ? 1 : 0)),
  },
  {
    name: 'parseCondition (0.37.1)',
    run: () => conditions.forEach((text) => (sink += parseCondition(text, { version: v037 }).ok ? 1 : 0)),
  },
  {
    name: 'parse + printCondition',
    run: () =>
      conditions.forEach((text) => {
        const result = parseCondition(text);
        if (result.ok) sink += printCondition(result.value).length;
      }),
  },
  {
    name: 'checkCondition (fields.json)',
    run: () =>
      parsed.forEach((expr) => (sink += checkCondition(expr, fields, { unresolvedReferences: true }).length)),
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

const baselineMs = median(timings.get('baseline: regex token scan') ?? []);
const rows = tasks.map((task) => {
  const ms = median(timings.get(task.name) ?? []);
  return [
    task.name,
    ms.toFixed(2),
    Math.round((conditions.length / ms) * 1000).toLocaleString('en-US'),
    (totalChars / 1e6 / (ms / 1000)).toFixed(1),
    (ms / baselineMs).toFixed(2),
  ];
});
const header = ['task', 'ms/pass', 'conditions/s', 'MB/s', '× regex scan'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: readonly string[]): string =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
    .join('  ');

console.log(
  `Condition parsing over rule_conditions.json: ${conditions.length.toLocaleString('en-US')} conditions, ` +
    `${(totalChars / 1024).toFixed(0)} KiB; median of ${ROUNDS} rounds after ${WARMUP} warm-up rounds`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
const parseMs = median(timings.get('parseCondition (0.44.1)') ?? []);
console.log(
  `\nparseCondition: ${Math.round((conditions.length / parseMs) * 1000).toLocaleString('en-US')} conditions/s ` +
    `(${parseMs.toFixed(1)} ms for all ${conditions.length}), ${(parseMs / baselineMs).toFixed(1)}× the regex scan baseline`,
);
if (sink === -1) console.log('unreachable');
