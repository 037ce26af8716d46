/**
 * Condition evaluation over alerts, the work behind simulating a rule or an exception over the alert store.
 *
 * Conditions (real ones):
 * - an exception block as the loader compiles it: `(proc.name = a and fd.name in (...) and container.image.repository
 *   startswith c) or ...`, 40 value tuples over three fields, from a custom rules file loaded after falco_rules.yaml;
 * - the whole "Read sensitive file untrusted" rule of falco_rules.yaml with that exception (≈ 70 checks, lists of
 *   200 programs).
 * Alerts: 100,000 generated alerts shaped like Falco's (12 fields, some `<NA>`), a share of them covered by the
 * exception.
 *
 * Figures: `compileCondition` alerts/s, and as the baseline measured in the same run the tree-walking
 * `evaluateCondition` (it re-derives each check from the AST on every alert), plus `traceCondition`'s rate for
 * explanations. Medians of several rounds after a warm-up. Goal: compiled ≥ 100,000 alerts/s.
 *
 * Run: npx tsx bench/evaluate.bench.ts [--rounds 5]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Expr } from '../src/falco/condition/ast.js';
import {
  compileCondition,
  compileTracer,
  evaluateCondition,
  type FieldValues,
} from '../src/falco/eval/index.js';
import { loadRules } from '../src/falco/rules/load.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const WARMUP = 1;
const ALERTS = 100_000;
/** The interpreter and the tracer are slow enough that a slice gives a stable rate. */
const SLOW_SLICE = 2_000;

const RULE = 'Read sensitive file untrusted';
const PROGRAMS = [
  'cat',
  'vim',
  'less',
  'python3',
  'node',
  'java',
  'titanagent',
  'falcon-sensor',
  'wazuh-agent',
  'nginx',
];
const FILES = [
  '/etc/shadow',
  '/etc/sudoers',
  '/etc/pam.conf',
  '/etc/security/pwquality.conf',
  '/etc/sudoers.d/ops',
];
const IMAGES = [
  'docker.io/library/alpine',
  'quay.io/acme/agent',
  'registry.k8s.io/pause',
  'ghcr.io/acme/api',
  '',
];

function exceptionTuples(count: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const program = i < PROGRAMS.length ? (PROGRAMS[i] ?? 'x') : `agent-${i}`;
    const files = [FILES[i % FILES.length], FILES[(i + 2) % FILES.length]].join(', ');
    rows.push(`        - [${program}, [${files}], ${IMAGES[i % IMAGES.length] || 'docker.io/acme'}]`);
  }
  return rows;
}

const shared = resolve(process.cwd(), '../shared/fixtures');
const custom = [
  `- rule: ${RULE}`,
  '  exceptions:',
  '    - name: bench_exception',
  '      fields: [proc.name, fd.name, container.image.repository]',
  '      comps: [=, in, startswith]',
  '      values:',
  ...exceptionTuples(40),
  '  override:',
  '    exceptions: append',
  '',
].join('\n');
const loaded = loadRules([
  { name: 'falco_rules.yaml', content: readFileSync(resolve(shared, 'rules/falco_rules.yaml'), 'utf8') },
  { name: 'custom_rules.yaml', content: custom },
]);
if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const ruleExpr = loaded.ruleset.rules.find((rule) => rule.name === RULE)?.compiled?.ast;
if (!ruleExpr) throw new Error(`${RULE} did not compile`);
// The rule compiles to `(<condition>) and not (<exception block>)`: the block is the last conjunct's child.
const exceptionExpr = exceptionBlock(ruleExpr);

function exceptionBlock(expr: Expr): Expr {
  if (expr.type !== 'and') throw new Error('expected the rule to be a conjunction');
  const last = expr.children[expr.children.length - 1];
  if (last?.type !== 'not') throw new Error('expected the exception block last');
  return last.child;
}

/** Deterministic alerts (mulberry32), shaped like Falco's output_fields for this rule. */
function generateAlerts(count: number): FieldValues[] {
  let seed = 0x5eed;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_unused, i) => {
    const inContainer = random() < 0.7;
    const program = random() < 0.3 ? `agent-${Math.floor(random() * 60)}` : pick(PROGRAMS);
    return {
      'evt.type': pick(['open', 'openat', 'openat2']),
      'evt.time': 1786584584319538044 + i,
      'fd.name': pick(FILES),
      'proc.name': program,
      'proc.cmdline': `${program} ${pick(FILES)}`,
      'proc.pname': pick(['sh', 'bash', 'containerd-shim', 'systemd']),
      'proc.exepath': `/usr/bin/${program}`,
      'user.name': pick(['root', 'nobody', null]),
      'user.uid': pick([0, 65534, 1000]),
      'container.id': inContainer ? `c${i % 997}` : 'host',
      'container.image.repository': inContainer ? pick(IMAGES) : '',
      'k8s.ns.name': inContainer ? pick(['default', 'kube-system', null]) : null,
    };
  });
}

const alerts = generateAlerts(ALERTS);
const slice = alerts.slice(0, SLOW_SLICE);

interface Task {
  readonly name: string;
  readonly items: number;
  readonly run: () => number;
}

function tasksFor(label: string, expr: Expr): Task[] {
  const compiled = compileCondition(expr);
  const tracer = compileTracer(expr);
  return [
    {
      name: `${label}: evaluateCondition (baseline)`,
      items: slice.length,
      run: () => slice.reduce((n, fields) => n + (evaluateCondition(expr, fields) === 'false' ? 1 : 0), 0),
    },
    {
      name: `${label}: compileCondition`,
      items: alerts.length,
      run: () => alerts.reduce((n, fields) => n + (compiled(fields) === 'false' ? 1 : 0), 0),
    },
    {
      name: `${label}: compileTracer`,
      items: slice.length,
      run: () => slice.reduce((n, fields) => n + (tracer(fields).result === 'false' ? 1 : 0), 0),
    },
  ];
}

const tasks = [...tasksFor('exception block', exceptionExpr), ...tasksFor('whole rule', ruleExpr)];
const timings = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
const counts = new Map<string, number>();
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  for (const task of tasks) {
    const start = performance.now();
    const count = task.run();
    if (round >= WARMUP) timings.get(task.name)?.push(performance.now() - start);
    counts.set(task.name, count);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
const perSecond = (task: Task): number => (task.items / median(timings.get(task.name) ?? [])) * 1000;
const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const rows = tasks.map((task) => [
  task.name,
  format(task.items),
  median(timings.get(task.name) ?? []).toFixed(1),
  format(perSecond(task)),
  `${((100 * (counts.get(task.name) ?? 0)) / task.items).toFixed(1)}%`,
]);
const header = ['task', 'alerts', 'ms/round', 'alerts/s', 'false'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: readonly string[]): string =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
    .join('  ');

console.log(
  `Condition evaluation: ${format(ALERTS)} generated alerts; median of ${ROUNDS} rounds after ${WARMUP} warm-up`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
for (const label of ['exception block', 'whole rule']) {
  const compiled = perSecond(tasks.find((t) => t.name === `${label}: compileCondition`) as Task);
  const baseline = perSecond(tasks.find((t) => t.name === `${label}: evaluateCondition (baseline)`) as Task);
  console.log(
    `${label}: compiled ${format(compiled)} alerts/s, ${(compiled / baseline).toFixed(1)}× the tree-walking ` +
      `baseline (${format(baseline)}/s); goal ≥ 100,000/s: ${compiled >= 100_000 ? 'met' : 'NOT met'}`,
  );
}
