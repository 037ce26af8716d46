/**
 * Every rule of every fixture rules file, as an alert with values of our own (volatile ones included): the default
 * scope is never low-discrimination only and never takes a volatile value verbatim, the first suggestion makes no
 * other rule fire more while anything else is possible, and every suggestion's stated effects agree with the real
 * loader: the rules whose compiled condition changes are exactly the rules it names, in the directions it names
 * (compiled-diff.ts), and the real evaluator never contradicts it on alerts of the other rules built to tell before
 * from after (witness.ts: an event on which a rule fires after the change and not before is an alert the change
 * adds; the reverse, one it silences).
 */
import { describe, expect, it } from '@jest/globals';
import {
  changeEffects,
  defaultScope,
  evaluateAlert,
  planImpact,
  stableForm,
  suggestExceptions,
  type AlertSubject,
  type Suggestion,
  type Synthesis,
} from '../../../../src/falco/exceptions/index.js';
import { loadRules, type Ruleset } from '../../../../src/falco/rules/index.js';
import { compiledEffect } from '../../../helpers/compiled-diff.js';
import { readFixture } from '../../../helpers/fixtures.js';
import { eraVersion, FIXTURE_ERAS, loadEra, renderedAlert } from '../../../helpers/rendered-alerts.js';
import { suggestionSafety } from '../../../helpers/suggestion-audit.js';
import { andNot, findWitness } from '../../../helpers/witness.js';

interface Rendered {
  readonly alert: AlertSubject;
  readonly suggestions: readonly Suggestion[];
}

function rendered(ruleset: Ruleset, era: (typeof FIXTURE_ERAS)[number]): Map<string, Rendered> {
  const version = eraVersion(era);
  const out = new Map<string, Rendered>();
  for (const rule of ruleset.rules) {
    if (!rule.enabled || rule.compiled === undefined) continue;
    const alert = renderedAlert(rule);
    out.set(rule.name, { alert, suggestions: suggestExceptions({ alert, ruleset, falcoVersion: version }) });
  }
  return out;
}

function changeKey(synthesis: Synthesis): string {
  const change = synthesis.change;
  return JSON.stringify(change.kind === 'exception' ? { ...change, exists: undefined } : change);
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

describe.each(FIXTURE_ERAS)('suggestions for every rule of $name', (era) => {
  const version = eraVersion(era);
  const before = loadEra(era).ruleset;
  const alerts = rendered(before, era);
  const files = era.files.map((file) => ({ name: file, content: readFixture('rules', file) }));

  it('never default to a low-discrimination scope or a volatile value, nor first to one that widens', () => {
    const problems: string[] = [];
    for (const [rule, { alert, suggestions }] of alerts) {
      const scope = defaultScope(alert);
      if (scope.ok) {
        const fields = scope.value.fields;
        if (
          fields.every(
            (choice) => !/^(proc|container|k8s|fd|fs|evt\.abspath|evt\.arg|ka)\./.test(choice.field),
          )
        )
          problems.push(
            `${rule}: default scope ${JSON.stringify(fields)} names no process, workload or object`,
          );
        for (const choice of fields) {
          const value = alert.fields[choice.field];
          if (
            choice.match !== 'glob' &&
            typeof value === 'string' &&
            stableForm(choice.field, value).kind !== 'exact'
          )
            problems.push(`${rule}: default takes the volatile ${choice.field} = ${value} verbatim`);
        }
      }
      const usable = suggestions.filter((suggestion) => suggestion.refused === undefined);
      const [first] = usable;
      if (first === undefined) continue;
      const safety = suggestionSafety(first, before, version);
      if (safety.lowOnly)
        problems.push(`${rule}: first suggestion is scoped by low-discrimination fields only`);
      if (safety.volatile.length > 0)
        problems.push(`${rule}: first suggestion takes ${safety.volatile.join(', ')} verbatim`);
      if (
        safety.widens.length > 0 &&
        usable.some((s) => suggestionSafety(s, before, version).widens.length === 0)
      )
        problems.push(`${rule}: first suggestion widens ${safety.widens.join(', ')} though another does not`);
      if (safety.widens.length > 0 && first.firesMore.length === 0)
        problems.push(`${rule}: first suggestion widens ${safety.widens.join(', ')} and does not say so`);
    }
    expect(problems).toEqual([]);
    // Not vacuous: most rules get a suggestion.
    expect(
      [...alerts.values()].filter((r) => r.suggestions.some((s) => s.refused === undefined)).length,
    ).toBeGreaterThan(alerts.size * 0.9);
  });

  it('state exactly the rules the loader changes, in the directions it changes them', () => {
    const changes = new Map<string, { readonly synthesis: Synthesis; readonly alert: AlertSubject }>();
    const suggestionsOf = new Map<string, Suggestion>();
    for (const { alert, suggestions } of alerts.values())
      for (const suggestion of suggestions)
        if (suggestion.synthesis !== undefined && !changes.has(changeKey(suggestion.synthesis))) {
          changes.set(changeKey(suggestion.synthesis), { synthesis: suggestion.synthesis, alert });
          suggestionsOf.set(changeKey(suggestion.synthesis), suggestion);
        }
    const problems: string[] = [];
    let reachedOthers = 0;
    let witnessed = 0;
    for (const { synthesis, alert } of changes.values()) {
      // One load per change of a list or macro (they reach other rules); rule-local changes are checked below.
      if (synthesis.change.kind === 'exception' || synthesis.change.kind === 'condition') continue;
      const after = loadRules([...files, { name: 'custom.yaml', content: synthesis.yaml }], {
        falcoVersion: version,
      });
      if (!after.ok) {
        problems.push(`${synthesis.target}: the change does not load: ${after.errors[0]?.message ?? ''}`);
        continue;
      }
      const stated = changeEffects(synthesis.change, before, version);
      const silenced: string[] = [];
      const widened: string[] = [];
      for (const rule of before.rules) {
        const next = after.ruleset.rules.find((candidate) => candidate.name === rule.name);
        if (!rule.enabled || rule.compiled === undefined || next?.compiled === undefined) continue;
        const effect = compiledEffect(rule.compiled.ast, next.compiled.ast);
        if (effect === undefined) continue;
        if (effect.silenced) silenced.push(rule.name);
        if (effect.widened) widened.push(rule.name);
        if (rule.name !== synthesis.rule) reachedOthers += 1;
        // Events the real evaluator decides: firing after and not before (widened), or the reverse (silenced).
        if (findWitness(andNot(next.compiled.ast, rule.compiled.ast), {}, 100) !== undefined) {
          witnessed += 1;
          if (!stated.widened.includes(rule.name))
            problems.push(`${rule.name} fires on a new event, not stated`);
        }
        if (findWitness(andNot(rule.compiled.ast, next.compiled.ast), {}, 100) !== undefined) {
          witnessed += 1;
          if (!stated.silenced.includes(rule.name))
            problems.push(`${rule.name} stops firing on an event, not stated`);
        }
      }
      const what = `${synthesis.change.kind} ${synthesis.target}`;
      if (JSON.stringify(sorted(silenced)) !== JSON.stringify(sorted(stated.silenced)))
        problems.push(
          `${what}: silences ${sorted(silenced).join(', ')}; stated ${stated.silenced.join(', ')}`,
        );
      if (JSON.stringify(sorted(widened)) !== JSON.stringify(sorted(stated.widened)))
        problems.push(`${what}: widens ${sorted(widened).join(', ')}; stated ${stated.widened.join(', ')}`);
      // And the alert itself is excepted (or, when the suggestion says it may not be, not decided either way).
      const own = evaluateAlert(planImpact(before, after.ruleset, { falcoVersion: version }), alert);
      const uncertain = suggestionsOf.get(changeKey(synthesis))?.uncertain !== undefined;
      if (own.verdict !== 'excepted' && !(uncertain && own.verdict === 'unknown'))
        problems.push(`${what}: the alert is ${own.verdict} after the change`);
    }
    expect(problems).toEqual([]);
    // Not vacuous: list and macro changes reach other rules in every era, and most changes are witnessed.
    expect(reachedOthers).toBeGreaterThan(0);
    expect(witnessed).toBeGreaterThan(reachedOthers / 2);
  }, 120_000);

  it('change only their own rule when they are a rule exception or a condition', () => {
    const problems: string[] = [];
    for (const kind of ['exception', 'condition'] as const) {
      const own = new Map<string, Synthesis>();
      for (const { suggestions } of alerts.values())
        for (const s of suggestions)
          if (s.synthesis?.change.kind === kind && !own.has(s.synthesis.rule))
            own.set(s.synthesis.rule, s.synthesis);
      if (own.size === 0) continue;
      // Every rule's own change in one file: each rule must change, and only by its own change.
      const custom = [...own.values()].map((synthesis) => synthesis.yaml).join('\n');
      const after = loadRules([...files, { name: 'custom.yaml', content: custom }], {
        falcoVersion: version,
      });
      if (!after.ok) {
        problems.push(`${kind}s do not load: ${after.errors[0]?.message ?? ''}`);
        continue;
      }
      const plan = planImpact(before, after.ruleset, { falcoVersion: version });
      for (const rule of before.rules) {
        const next = after.ruleset.rules.find((candidate) => candidate.name === rule.name);
        if (!rule.enabled || rule.compiled === undefined || next?.compiled === undefined) continue;
        const effect = compiledEffect(rule.compiled.ast, next.compiled.ast);
        const synthesis = own.get(rule.name);
        if (synthesis === undefined) {
          if (effect !== undefined) problems.push(`${rule.name} changed though no ${kind} was added to it`);
          continue;
        }
        if (effect === undefined || effect.widened)
          problems.push(`${rule.name}: its ${kind} does not only silence it`);
        const alert = alerts.get(rule.name)?.alert;
        if (alert !== undefined && evaluateAlert(plan, alert).verdict !== 'excepted')
          problems.push(`${rule.name}: its alert is not excepted by its ${kind}`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
