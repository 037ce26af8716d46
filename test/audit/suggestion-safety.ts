/**
 * `npm run audit:suggestions [-- --engine DIR]`: renders an alert from every rule of every fixture rules file
 * (test/helpers/rendered-alerts.ts), asks the engine for its suggestions, and counts the first suggestions that make
 * another rule fire more, that are scoped by low-discrimination fields only, and that take a volatile value
 * verbatim, per era. `--engine` points at another checkout's root to measure its suggestions with today's policy
 * (how the figures before a change were taken).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { AlertSubject, SuggestInput, Suggestion } from '../../src/falco/exceptions/index.js';
import type { LoadResult, RulesFileInput } from '../../src/falco/rules/index.js';
import type { FalcoVersion } from '../../src/falco/version.js';
import { readFixture } from '../helpers/fixtures.js';
import { eraVersion, FIXTURE_ERAS, renderedAlert } from '../helpers/rendered-alerts.js';
import { suggestionSafety } from '../helpers/suggestion-audit.js';

interface Engine {
  suggestExceptions(input: SuggestInput): Suggestion[];
  loadRules(files: readonly RulesFileInput[], options: { falcoVersion: FalcoVersion }): LoadResult;
}

async function engineAt(root: string): Promise<Engine> {
  const url = (file: string) => pathToFileURL(path.join(root, file)).href;
  const exceptions = (await import(url('src/falco/exceptions/index.ts'))) as Pick<
    Engine,
    'suggestExceptions'
  >;
  const rules = (await import(url('src/falco/rules/index.ts'))) as Pick<Engine, 'loadRules'>;
  return { suggestExceptions: exceptions.suggestExceptions, loadRules: rules.loadRules };
}

const { values } = parseArgs({ options: { engine: { type: 'string' } } });
const root = path.resolve(values.engine ?? path.join(import.meta.dirname, '../..'));
const engine = await engineAt(root);

const totals = { rules: 0, suggested: 0, none: 0, widens: 0, lowOnly: 0, volatile: 0 };
const rows: string[] = [];
const examples: string[] = [];
for (const era of FIXTURE_ERAS) {
  const version = eraVersion(era);
  const load = engine.loadRules(
    era.files.map((file) => ({ name: file, content: readFixture('rules', file) })),
    { falcoVersion: version },
  );
  const counts = { rules: 0, suggested: 0, none: 0, widens: 0, lowOnly: 0, volatile: 0 };
  for (const rule of load.ruleset.rules) {
    if (!rule.enabled || rule.compiled === undefined) continue;
    counts.rules += 1;
    const alert: AlertSubject = renderedAlert(rule);
    const first = engine
      .suggestExceptions({ alert, ruleset: load.ruleset, falcoVersion: version })
      .find((suggestion) => suggestion.refused === undefined);
    if (first === undefined) {
      counts.none += 1;
      continue;
    }
    counts.suggested += 1;
    const safety = suggestionSafety(first, load.ruleset, version);
    const what = `${era.name} | ${rule.name}: ${first.strategy} ${first.target} (${first.synthesis?.predicate ?? ''})`;
    if (safety.widens.length > 0) {
      counts.widens += 1;
      examples.push(`widens ${safety.widens.join(', ')}: ${what}`);
    }
    if (safety.lowOnly) {
      counts.lowOnly += 1;
      examples.push(`low-discrimination only: ${what}`);
    }
    if (safety.volatile.length > 0) {
      counts.volatile += 1;
      examples.push(`volatile ${safety.volatile.join(', ')}: ${what}`);
    }
  }
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
  rows.push(
    `| ${era.name} | ${counts.rules} | ${counts.suggested} | ${counts.none} | ${counts.widens} | ${counts.lowOnly} | ${counts.volatile} |`,
  );
}
console.log(`engine: ${root}\n`);
console.log(
  '| rules file | rules | with a suggestion | no safe default | 1st widens another rule | 1st low-discrimination only | 1st has a volatile value |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(
  `| **all** | ${totals.rules} | ${totals.suggested} | ${totals.none} | ${totals.widens} | ${totals.lowOnly} | ${totals.volatile} |`,
);
for (const kind of ['widens', 'low-discrimination only', 'volatile']) {
  const some = examples.filter((example) => example.startsWith(kind));
  const shown = some.slice(0, 8).map((example) => `- ${example}`);
  if (some.length > 0) console.log(`\n${kind} (${shown.length} of ${some.length}):\n${shown.join('\n')}`);
}
