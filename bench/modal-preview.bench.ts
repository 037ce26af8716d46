/**
 * The false-positive modal's live preview over a store of 100,000 alerts (issue 6): time to build the draft and
 * compute "would have silenced N alerts of this rule on H hosts, and M alerts of other rules" for the default
 * exception and for a list strategy, against the embedded store. Baseline, same run: a plain `count(*)` over the
 * same alerts of the same window (what any preview must at least cost). Budget: Slack's interaction window
 * (goal under 500 ms).
 *
 * Run: npx tsx bench/modal-preview.bench.ts [--alerts 100000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeImpact } from '../src/falco/exceptions/index.js';
import { parseFalcoVersion } from '../src/falco/version.js';
import { newId } from '../src/store/ids.js';
import { openStore } from '../src/store/store.js';
import { openDraft, previewSelection } from '../src/triage/proposals/exception-draft.js';
import { createRulesContext } from '../src/triage/deployed-rules/rules-context.js';
import type { NewAlert } from '../src/triage/ports/index.js';
import { oneTarget } from '../test/helpers/targets.js';

const arg = process.argv.indexOf('--alerts');
const COUNT = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const shared = resolve(process.cwd(), '../shared/fixtures');
const raw = readFileSync(
  join(shared, 'alerts/json/029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json'),
  'utf8',
);
const fixture = JSON.parse(raw) as {
  rule: string;
  output: string;
  tags: string[];
  output_fields: Record<string, unknown>;
};
const OTHER_RULES = [
  'Terminal shell in container',
  'Write below etc',
  'Run shell untrusted',
  'Search Private Keys or Passwords',
];
const PROCS = ['cat', 'grep', 'titanagent', 'backup-agent', 'python3', 'vim', 'less', 'sshd'];

function rows(now: number): NewAlert[] {
  return Array.from({ length: COUNT }, (_, index) => {
    const rule = index % 3 === 0 ? (OTHER_RULES[index % OTHER_RULES.length] ?? fixture.rule) : fixture.rule;
    const fields = { ...fixture.output_fields, 'proc.name': PROCS[index % PROCS.length], 'proc.pid': index };
    return {
      id: newId(now - index),
      receivedAt: new Date(now - index * 3000),
      eventTime: new Date(now - index * 3000),
      rule,
      priority: 'Warning',
      priorityLevel: 4,
      source: 'syscall',
      hostname: `node-${index % 25}`,
      tags: fixture.tags,
      output: fixture.output,
      outputFields: fields,
      raw: JSON.stringify({ ...JSON.parse(raw), rule, output_fields: fields }),
      fingerprint: `fp-${index % 200}`,
      dedupeKey: null,
      origin: 'falco',
      route: null,
      channels: [],
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-preview-'));
  const store = await openStore({ kind: 'embedded', dataDir: dir });
  try {
    const now = Date.now();
    process.stdout.write(`storing ${COUNT} alerts…\n`);
    const all = rows(now);
    for (let index = 0; index < all.length; index += 1000)
      await store.alerts.insert(all.slice(index, index + 1000));
    const version = parseFalcoVersion('0.44.1');
    if (!version.ok) throw new Error('version');
    const clock = { now: () => new Date(now + 1000) };
    const rules = createRulesContext({
      base: [
        { name: 'falco_rules.yaml', content: readFileSync(join(shared, 'rules/falco_rules.yaml'), 'utf8') },
      ],
      falcoVersion: version.value,
      fields: undefined,
      repo: undefined,
      rulesFile: undefined,
      clock,
    });
    const deps = { store, targets: oneTarget(rules, undefined), clock, impactWindowDays: 7 };
    const target = all.find((row) => row.rule === fixture.rule && row.outputFields['proc.name'] === 'cat');
    if (target === undefined) throw new Error('no target alert');

    const since = new Date(now - 7 * 86_400_000);
    const baseline = await time(7, () => store.alerts.count({ since, until: clock.now() }));
    let impactText = '';
    const exception = await time(7, async () => {
      const context = await openDraft(deps, { alertId: target.id });
      if (!context.ok) throw new Error(context.error.code);
      const preview = await previewSelection(deps, context.value, context.value.draft.selection);
      if (!preview.ok) throw new Error(preview.error.code);
      impactText = describeImpact(preview.value.impact, preview.value.synthesis.rule);
    });
    let listText = '';
    const list = await time(7, async () => {
      const context = await openDraft(deps, { alertId: target.id });
      if (!context.ok) throw new Error(context.error.code);
      const strategy = context.value.draft.strategies.find(
        (option) => option.strategy === 'list' && option.refused === undefined,
      );
      if (strategy === undefined) throw new Error('no list strategy');
      const preview = await previewSelection(deps, context.value, { fields: [], strategyId: strategy.id });
      if (!preview.ok) throw new Error(preview.error.code);
      listText = `${strategy.id}: ${describeImpact(preview.value.impact, preview.value.synthesis.rule)}`;
    });

    process.stdout.write(`\nmodal preview over ${COUNT} stored alerts (embedded store, median of 7)\n`);
    process.stdout.write(`  baseline: count(*) over the 7-day window      ${baseline.toFixed(1)} ms\n`);
    process.stdout.write(
      `  preview, rule exception (default fields)     ${exception.toFixed(1)} ms  (goal < 500 ms)\n`,
    );
    process.stdout.write(`      ${impactText}\n`);
    process.stdout.write(`  preview, list strategy                       ${list.toFixed(1)} ms\n`);
    process.stdout.write(`      ${listText}\n`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
