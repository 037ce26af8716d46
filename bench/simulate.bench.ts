/**
 * Simulating exceptions over stored alerts: the work behind `falco-triage simulate`, the verification of a proposal
 * and the Slack modal's live impact preview ("would have silenced 143 alerts of this rule on 3 hosts").
 *
 * Set-up: falco_rules.yaml (0.44.1) and a custom rules file holding the bot's exception on "Read sensitive file
 * untrusted" with 20 values rows (a year of false positives). 100,000 generated alerts shaped like Falco's
 * (60% of that rule, the rest of four other rules; a share covered by the exception).
 *
 * Figures (medians of several rounds after a warm-up):
 * - simulate: `summarizeImpact` over a plan compiled once (`planImpact(before, after)`): alerts/s. Goal ≥ 100,000.
 * - preview: one modal update end to end: `synthesize` + `previewImpact` (no reload) + `summarizeImpact` over the
 *   100,000 alerts, in ms. Goal < 500 ms.
 * Baselines measured in the same run: the tree-walking interpreter (`evaluateCondition`) on the same exception
 * part of the rule, and a plain loop that only reads the two fields and looks the pair up in a Set (the floor).
 *
 * Run: npx tsx bench/simulate.bench.ts [--rounds 5]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Expr } from '../src/falco/condition/ast.js';
import { evaluateCondition, type FieldValues } from '../src/falco/eval/index.js';
import {
  planImpact,
  previewImpact,
  summarizeImpact,
  synthesize,
  type ImpactAlert,
} from '../src/falco/exceptions/index.js';
import { loadRules } from '../src/falco/rules/index.js';
import { NEWEST_VERSION } from '../src/falco/version.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const WARMUP = 1;
const ALERTS = 100_000;
const SLOW_SLICE = 20_000;
const RULE = 'Read sensitive file untrusted';
const OTHER_RULES = [
  'Terminal shell in container',
  'Read sensitive file trusted after startup',
  'Run shell untrusted',
  'Contact K8S API Server From Container',
];
const PROGRAMS = ['cat', 'less', 'vim', 'python3', 'titanagent', 'falcon-sensor', 'wazuh-agent', 'node'];
const FILES = ['/etc/shadow', '/etc/sudoers', '/etc/pam.conf', '/etc/gshadow', '/etc/security/opasswd'];
const ROWS = Array.from({ length: 20 }, (_unused, i) => [
  i < PROGRAMS.length ? (PROGRAMS[i] ?? 'x') : `agent-${i}`,
  FILES[i % FILES.length] ?? '/etc/shadow',
]);

const shared = resolve(process.cwd(), '../shared/fixtures');
const base = {
  name: 'falco_rules.yaml',
  content: readFileSync(resolve(shared, 'rules/falco_rules.yaml'), 'utf8'),
};
const custom = [
  `- rule: ${RULE}`,
  '  exceptions:',
  '    - name: falco_triage_proc_name_fd_name',
  '      fields: [proc.name, fd.name]',
  '      comps: [=, =]',
  '      values:',
  ...ROWS.map(([program, file]) => `        - [${program}, ${file}]`),
  '  override:',
  '    exceptions: append',
  '',
].join('\n');
const before = loadRules([base]);
const after = loadRules([base, { name: 'custom_rules.yaml', content: custom }]);
if (!before.ok || !after.ok) throw new Error('the rules do not load');

/** Deterministic alerts (mulberry32). */
function generateAlerts(count: number): ImpactAlert[] {
  let seed = 0x5eed;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_unused, i) => {
    const fields: FieldValues = {
      'evt.type': 'openat',
      'evt.time': 1786584584319538044 + i,
      'fd.name': pick(FILES),
      'proc.name': random() < 0.3 ? `agent-${Math.floor(random() * 60)}` : pick(PROGRAMS),
      'proc.exepath': '/usr/bin/x',
      'proc.cmdline': 'x --flag',
      'proc.pname': pick(['sh', 'bash', 'containerd-shim']),
      'user.name': 'root',
      'user.uid': 0,
      'container.id': 'host',
      'container.image.repository': pick(['alpine', '', 'quay.io/acme/agent']),
      'k8s.ns.name': null,
    };
    return { rule: random() < 0.6 ? RULE : pick(OTHER_RULES), fields, hostname: `node-${i % 37}` };
  });
}

const alerts = generateAlerts(ALERTS);
const ruleAlerts = alerts.filter((alert) => alert.rule === RULE);
const plan = planImpact(before.ruleset, after.ruleset);

// The exception part of the rule as Falco compiles it: the last conjunct `not (...)`.
const ruleExpr = after.ruleset.rules.find((rule) => rule.name === RULE)?.compiled?.ast;
const exceptionPart: Expr | undefined = ruleExpr?.type === 'and' ? ruleExpr.children.at(-1) : undefined;
if (exceptionPart?.type !== 'not') throw new Error('expected the exception part last');
const tuples = new Set(ROWS.map(([program, file]) => `${program}\u0000${file}`));

let sink = 0;
const tasks: { readonly name: string; readonly count: number; readonly run: () => void }[] = [
  {
    name: 'simulate (compiled plan, summarizeImpact)',
    count: ALERTS,
    run: () => (sink += summarizeImpact(plan, alerts).excepted),
  },
  {
    name: 'modal preview: synthesize + previewImpact + summarize',
    count: ALERTS,
    run: () => {
      const synthesis = synthesize({
        strategy: 'exception',
        fields: ['proc.name', 'fd.name'],
        alert: { rule: RULE, fields: { 'proc.name': 'titanagent', 'fd.name': '/etc/shadow' } },
        ruleset: after.ruleset,
        falcoVersion: NEWEST_VERSION,
      });
      if (!synthesis.ok) throw new Error(synthesis.error.message);
      sink += summarizeImpact(previewImpact(synthesis.value, after.ruleset), alerts).excepted;
    },
  },
  {
    name: 'modal preview, list strategy (shell_binaries: 12 rules)',
    count: ALERTS,
    run: () => {
      const synthesis = synthesize({
        strategy: 'list',
        target: 'shell_binaries',
        fields: ['proc.name'],
        alert: { rule: RULE, fields: { 'proc.name': 'titanagent', 'fd.name': '/etc/shadow' } },
        ruleset: after.ruleset,
        falcoVersion: NEWEST_VERSION,
      });
      if (!synthesis.ok) throw new Error(synthesis.error.message);
      sink += summarizeImpact(previewImpact(synthesis.value, after.ruleset), alerts).excepted;
    },
  },
  {
    name: 'baseline: interpreter on the exception part',
    count: SLOW_SLICE,
    run: () => {
      for (let i = 0; i < SLOW_SLICE; i++) {
        const alert = ruleAlerts[i % ruleAlerts.length];
        if (alert !== undefined && evaluateCondition(exceptionPart, alert.fields) === 'false') sink++;
      }
    },
  },
  {
    name: 'baseline: plain loop reading the two fields',
    count: ALERTS,
    run: () => {
      for (const alert of alerts) {
        if (alert.rule !== RULE) continue;
        if (tuples.has(`${String(alert.fields['proc.name'])}\u0000${String(alert.fields['fd.name'])}`))
          sink++;
      }
    },
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

const summary = summarizeImpact(plan, alerts);
console.log(
  `${ALERTS.toLocaleString('en-US')} alerts (${ruleAlerts.length.toLocaleString('en-US')} of "${RULE}"), exception with ${ROWS.length} rows: ` +
    `${summary.excepted} excepted, ${summary.stillFires} still fire, ${summary.unknown} unknown; median of ${ROUNDS} rounds`,
);
console.log(`${'task'.padEnd(56)} ${'ms'.padStart(9)} ${'alerts/s'.padStart(12)}`);
const rates = new Map<string, number>();
for (const task of tasks) {
  const ms = median(timings.get(task.name) ?? []);
  const rate = (task.count / ms) * 1000;
  rates.set(task.name, rate);
  console.log(
    `${task.name.padEnd(56)} ${ms.toFixed(1).padStart(9)} ${Math.round(rate).toLocaleString('en-US').padStart(12)}`,
  );
}
const simulate = rates.get(tasks[0]?.name ?? '') ?? 0;
const interpreter = rates.get(tasks[3]?.name ?? '') ?? 0;
const previewMs = median(timings.get(tasks[1]?.name ?? '') ?? []);
console.log(
  `\nsimulate: ${Math.round(simulate).toLocaleString('en-US')} alerts/s (goal ≥ 100,000: ${simulate >= 100_000 ? 'met' : 'NOT met'}), ` +
    `${(simulate / interpreter).toFixed(1)}× the interpreter baseline`,
);
console.log(
  `modal preview over ${ALERTS.toLocaleString('en-US')} alerts: ${previewMs.toFixed(1)} ms (goal < 500 ms: ${previewMs < 500 ? 'met' : 'NOT met'})`,
);
if (sink === -1) console.log(sink);
