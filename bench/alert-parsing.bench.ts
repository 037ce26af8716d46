/**
 * Alert parsing on the intake and explain paths, over the real fixtures (../shared/fixtures/alerts).
 *
 * - intake: `readAlertBatch` on an NDJSON body and on a JSON array body of 1,000 alerts (the 31 valid JSON fixtures
 *   repeated), and on 1,000 single-alert bodies (the intake bench's alert, as Falco's http_output sends it); baseline measured in the same run: split the same NDJSON body into lines and `JSON.parse` each
 *   (the least any intake must do);
 * - `parseAlert` on already-decoded objects, and `fingerprint` on parsed alerts;
 * - `parseTextLine` on the 63 real text lines; baseline: the one regex from the reference notes that matches them.
 * Each task runs once per round, interleaved with the others, after a warm-up; the table shows the median round.
 *
 * Run: npx tsx bench/alert-parsing.bench.ts [--rounds 25]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createFingerprinter } from '../src/falco/alert/fingerprint.js';
import { fixture } from './support/fixture-alerts.js';
import { readAlertBatch } from '../src/falco/alert/read-alerts.js';
import { parseAlert, type Alert } from '../src/falco/alert/schema.js';
import { parseTextLine } from '../src/falco/alert/text-line.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 25;
const WARMUP = 5;
const BATCH = 1000;

const fixtures = resolve(process.cwd(), '../shared/fixtures/alerts');
const objects = readdirSync(resolve(fixtures, 'json'))
  .filter((file) => /^\d{3}_/.test(file))
  .map((file) => JSON.parse(readFileSync(resolve(fixtures, 'json', file), 'utf8')) as unknown)
  .filter((value) => parseAlert(value).ok);
const batch = Array.from({ length: BATCH }, (_unused, index) => objects[index % objects.length]);
const ndjson = batch.map((value) => JSON.stringify(value)).join('\n');
const array = JSON.stringify(batch);
// What Falco's http_output sends: one alert per request, the intake bench's alert (evt.time in nanoseconds).
const singles = Array.from({ length: BATCH }, (_unused, index) => {
  const time = new Date(Date.UTC(2026, 7, 13) + index * 7);
  return JSON.stringify({
    ...fixture,
    time: time.toISOString(),
    output_fields: {
      ...fixture.output_fields,
      'evt.time': time.getTime() * 1_000_000,
      'proc.pid': 10_000 + index,
    },
  });
});
const alerts = batch.map((value) => {
  const result = parseAlert(value);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
});
const lines = (
  JSON.parse(readFileSync(resolve(fixtures, 'plaintext.json'), 'utf8')) as { line: string }[]
).map((entry) => entry.line);
const LINE =
  /^(?<time>\d{2}:\d{2}:\d{2}\.\d{6,9}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}[+-]\d{4}): (?<prio>Emergency|Alert|Critical|Error|Warning|Notice|Informational|Info|Debug) (?<msg>.*)$/;
const fingerprint = createFingerprinter();

// Keeps results alive so the JIT cannot drop the work.
let sink = 0;

interface Task {
  readonly name: string;
  readonly items: number;
  readonly run: () => void;
}

const tasks: Task[] = [
  {
    name: 'baseline: NDJSON split + JSON.parse',
    items: BATCH,
    run: () => ndjson.split('\n').forEach((line) => (sink += (JSON.parse(line) as object) === null ? 0 : 1)),
  },
  {
    name: 'readAlertBatch (NDJSON)',
    items: BATCH,
    run: () => (sink += readAlertBatch(ndjson).items.length),
  },
  {
    name: 'readAlertBatch (JSON array)',
    items: BATCH,
    run: () => (sink += readAlertBatch(array).items.length),
  },
  {
    name: 'readAlertBatch (single-alert bodies)',
    items: BATCH,
    run: () => singles.forEach((body) => (sink += readAlertBatch(body).items.length)),
  },
  {
    name: 'parseAlert (decoded objects)',
    items: BATCH,
    run: () => batch.forEach((value) => (sink += parseAlert(value).ok ? 1 : 0)),
  },
  {
    name: 'fingerprint (parsed alerts)',
    items: BATCH,
    run: () => alerts.forEach((alert: Alert) => (sink += fingerprint(alert).id.length)),
  },
  {
    name: 'baseline: header regex (63 lines)',
    items: lines.length,
    run: () => lines.forEach((line) => (sink += LINE.test(line) ? 1 : 0)),
  },
  {
    name: 'parseTextLine (63 lines)',
    items: lines.length,
    run: () => lines.forEach((line) => (sink += parseTextLine(line).ok ? 1 : 0)),
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
    if (round >= WARMUP) timings.get(task.name)?.push(performance.now() - start);
  }
}

const perSecond = (task: Task): number => (task.items / median(timings.get(task.name) ?? [])) * 1000;
const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const rows = tasks.map((task) => [
  task.name,
  median(timings.get(task.name) ?? []).toFixed(2),
  format(perSecond(task)),
  ((1000 * median(timings.get(task.name) ?? [])) / task.items).toFixed(1),
]);
const header = ['task', 'ms/round', 'items/s', 'µs/item'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: readonly string[]): string =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
    .join('  ');

console.log(
  `Alert parsing: ${BATCH} JSON alerts (${objects.length} fixtures repeated, ${(ndjson.length / 1024).toFixed(0)} KiB ` +
    `NDJSON), ${lines.length} text lines; median of ${ROUNDS} rounds after ${WARMUP} warm-up rounds`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
const byName = (name: string): Task => tasks.find((task) => task.name === name) as Task;
const intake = perSecond(byName('readAlertBatch (NDJSON)'));
const baseline = perSecond(byName('baseline: NDJSON split + JSON.parse'));
console.log(
  `\nintake parsing: ${format(intake)} alerts/s per core (NDJSON), ${(intake / baseline).toFixed(2)}× the ` +
    `split + JSON.parse baseline (${format(baseline)}/s)`,
);
if (sink === -1) console.log('unreachable');
