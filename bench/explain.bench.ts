/**
 * Explain latency per alert after the rules are loaded: what `/falco explain` and `falco-triage explain` spend on one
 * alert once the explainer exists.
 *
 * Inputs: the 33 JSON alert fixtures, the 63 real text lines and the how-to's line, against the current rules (0.44.1)
 * and the 0.25.0 rules; plus lines generated from every rule's output template of every fixture rules file (two per
 * rule, realistic values with spaces and `=`), each against its own file.
 *
 * Stages timed per alert, in the same run:
 * - baseline: reading the input (`readAlerts`: JSON parse + schema, or the text-line parser) alone;
 * - identify: reading + identifying the rule and recovering the fields;
 * - explain: reading + identifying + the explanation (expanded tree evaluated, exception points, summary): the goal,
 *   p99 under 5 ms;
 * - full report: explain plus exception synthesis's suggestions (src/falco/exceptions), shown for the whole picture.
 * - damaged lines: the real text lines with their header stripped (the output alone), behind a `grep -n` prefix and
 *   run together in pairs, read and identified, against the same lines undamaged in the same run.
 * The first pass over the inputs is reported apart (per-rule work is done lazily, on a rule's first alert); the other
 * rounds are warm, reported over every call and over each alert's median across rounds (the alert's typical cost,
 * without garbage-collection pauses or a busy machine's noise). p50 / p99 / max in milliseconds.
 *
 * Run: npx tsx bench/explain.bench.ts [--rounds 5]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readAlerts, type ReadAlert } from '../src/falco/alert/index.js';
import { createAlertExplainer, createExplainer } from '../src/falco/explain/index.js';
import { createIdentifier } from '../src/falco/identify/index.js';
import { loadRules, type Ruleset } from '../src/falco/rules/index.js';
import { parseFalcoVersion, type FalcoVersion } from '../src/falco/version.js';
import { renderLine, seededRandom } from '../test/unit/falco/identify/line-generator.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 7;
const shared = resolve(process.cwd(), '../shared/fixtures');

interface Case {
  readonly label: string;
  readonly ruleset: Ruleset;
  readonly version: FalcoVersion;
  readonly inputs: readonly string[];
}

function version(text: string): FalcoVersion {
  const parsed = parseFalcoVersion(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function load(file: string, at: string): Ruleset {
  const loaded = loadRules([{ name: file, content: readFileSync(join(shared, 'rules', file), 'utf8') }], {
    falcoVersion: version(at),
  });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.ruleset;
}

const jsonAlerts = readdirSync(join(shared, 'alerts/json'))
  .filter((file) => /^\d+_.*\.json$/.test(file))
  .map((file) => readFileSync(join(shared, 'alerts/json', file), 'utf8'));
const textLines = [
  ...(JSON.parse(readFileSync(join(shared, 'alerts/plaintext.json'), 'utf8')) as { line: string }[]).map(
    (e) => e.line,
  ),
  readFileSync(join(shared, 'alerts/seed-titanagent.txt'), 'utf8').trim(),
];

const cases: Case[] = [];
const random = seededRandom(42);
for (const file of readdirSync(join(shared, 'rules'))
  .filter((name) => name.endsWith('.yaml'))
  .sort()) {
  const at = /_(\d+\.\d+\.\d+)/.exec(file)?.[1] ?? '0.44.1';
  const ruleset = load(file, at);
  const era = at === '0.44.1' ? 'current' : 'parenthesised';
  const generated = ruleset.rules.flatMap((rule) => [0, 1].map(() => renderLine(rule, random, era).line));
  const real =
    file === 'falco_rules.yaml' || file === 'falco_rules_0.25.0.yaml' ? [...jsonAlerts, ...textLines] : [];
  cases.push({ label: file, ruleset, version: version(at), inputs: [...real, ...generated] });
}

function readOne(text: string): ReadAlert | undefined {
  const [item] = readAlerts(text, { fallbackTime: 0 }).items;
  return item?.ok === true ? item.input : undefined;
}

interface Engines {
  readonly identifier: ReturnType<typeof createIdentifier>;
  readonly explainer: ReturnType<typeof createExplainer>;
  readonly full: ReturnType<typeof createAlertExplainer>;
}

/** Built once per rules file, as the bot and the CLI do after loading; their per-rule work happens lazily. */
function buildEngines(): Engines[] {
  return cases.map(({ ruleset, version: at }) => ({
    identifier: createIdentifier(ruleset),
    explainer: createExplainer(ruleset, { falcoVersion: at }),
    full: createAlertExplainer(ruleset, { falcoVersion: at }),
  }));
}

type Stage = 'baseline' | 'identify' | 'explain' | 'full report';
const STAGES: readonly Stage[] = ['baseline', 'identify', 'explain', 'full report'];

/**
 * One pass per stage, each over every input, so the garbage one stage leaves (the full report parses YAML) is not
 * collected inside another stage's timings.
 */
function run(engines: readonly Engines[]): Record<Stage, number[]> {
  const times: Record<Stage, number[]> = { baseline: [], identify: [], explain: [], 'full report': [] };
  for (const [index, { inputs }] of cases.entries()) {
    const { identifier, explainer, full } = engines[index] as Engines;
    const texts = inputs;
    const timed = (stage: Stage, work: (text: string) => void): void => {
      for (const text of texts) {
        const start = performance.now();
        work(text);
        times[stage].push(performance.now() - start);
      }
    };
    timed('baseline', (text) => readOne(text));
    timed('identify', (text) => {
      const input = readOne(text);
      if (input !== undefined) identifier.identify(input);
    });
    timed('explain', (text) => {
      const input = readOne(text);
      const identified = input === undefined ? undefined : identifier.identify(input);
      if (identified?.kind === 'identified') explainer.explain(identified);
    });
    timed('full report', (text) => {
      const input = readOne(text);
      if (input !== undefined) full.explain(input);
    });
  }
  return times;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function report(title: string, times: Record<Stage, number[]>): void {
  console.log(title);
  for (const stage of STAGES) {
    const sorted = [...times[stage]].sort((a, b) => a - b);
    console.log(
      `  ${stage.padEnd(12)} n=${String(sorted.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(3)} ms  ` +
        `p99 ${percentile(sorted, 99).toFixed(3)} ms  max ${(sorted[sorted.length - 1] ?? 0).toFixed(3)} ms`,
    );
  }
}

const inputs = cases.reduce((sum, c) => sum + c.inputs.length, 0);
console.log(
  `explain latency per alert: ${inputs} inputs over ${cases.length} rules files, ${ROUNDS} warm rounds`,
);
const engines = buildEngines();
report('first pass (per-rule work done lazily on the first alert of each rule):', run(engines));
const rounds = Array.from({ length: ROUNDS }, () => run(engines));
const warm = Object.fromEntries(
  STAGES.map((stage) => [stage, rounds.flatMap((round) => round[stage])]),
) as Record<Stage, number[]>;
report('warm, every call (includes garbage-collection pauses and noise from other processes):', warm);
// Each alert's median over the rounds: its typical latency, without one-off pauses.
const medians = Object.fromEntries(
  STAGES.map((stage) => [
    stage,
    (rounds[0]?.[stage] ?? []).map((_, index) => {
      const samples = rounds.map((round) => round[stage][index] ?? 0).sort((a, b) => a - b);
      return samples[Math.floor(samples.length / 2)] ?? 0;
    }),
  ]),
) as Record<Stage, number[]>;
report('warm, per-alert median over the rounds:', medians);
const p99 = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    99,
  );
const typical = p99(medians.explain);
console.log(
  `goal: explain p99 < 5 ms: ${typical < 5 ? 'met' : 'NOT met'} on per-alert medians (${typical.toFixed(3)} ms); ` +
    `every call p99 ${p99(warm.explain).toFixed(3)} ms; baseline (reading the alert) p99 ${p99(medians.baseline).toFixed(3)} ms`,
);

/** Identification of damaged real lines (no header, a prefix, two run together), per-alert medians over the rounds. */
function damagedLines(): void {
  const variants: Record<string, (line: string, next: string) => string> = {
    undamaged: (line) => line,
    'no header': (line) => line.replace(/^\S+ [A-Za-z]+ /, ''),
    'grep -n prefix': (line) => `falco.log:4711:${line}`,
    'two run together': (line, next) => `${line}${next}`,
  };
  console.log('damaged real text lines, read + identify, per-alert median over the rounds:');
  for (const [name, damage] of Object.entries(variants)) {
    const samples: number[][] = [];
    for (let round = 0; round <= ROUNDS; round += 1) {
      let index = 0;
      for (const [caseIndex, { inputs }] of cases.entries()) {
        const { identifier } = engines[caseIndex] as Engines;
        const lines = inputs.filter((input) => textLines.includes(input));
        lines.forEach((line, n) => {
          const text = damage(line, lines[(n + 1) % lines.length] ?? line);
          const start = performance.now();
          const input = readOne(text);
          if (input !== undefined) identifier.identify(input);
          // The first round warms up and is not counted.
          if (round > 0) (samples[index] ??= []).push(performance.now() - start);
          index += 1;
        });
      }
    }
    const perAlert = samples.map((list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0);
    const sorted = perAlert.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(17)} n=${String(sorted.length).padStart(4)}  p50 ${percentile(sorted, 50).toFixed(3)} ms  ` +
        `p99 ${percentile(sorted, 99).toFixed(3)} ms`,
    );
  }
}
damagedLines();
