/**
 * The explanation's expansion (conditions as written, macros and lists substituted by explain) must evaluate exactly
 * as the loader's compiled condition does: for every rule of every fixture file, on lines generated from its output
 * and on the real JSON alerts, `explanation.result` equals the evaluator's verdict on `rule.compiled`.
 */
import { describe, expect, it } from '@jest/globals';
import { parseTextLine } from '../../../../src/falco/alert/index.js';
import { evaluateCondition, type FieldValues } from '../../../../src/falco/eval/index.js';
import { createExplainer } from '../../../../src/falco/explain/index.js';
import { createIdentifier } from '../../../../src/falco/identify/index.js';
import { readAlerts } from '../../../../src/falco/alert/index.js';
import { fixtureRuleFiles, fixtureRules } from '../identify/fixtures.js';
import { renderLine, seededRandom } from '../identify/line-generator.js';
import { readShared, version } from './helpers.js';
import { readdirSync } from 'node:fs';
import { sharedPath } from '../rules/fixtures.js';

describe('explain agrees with the compiled condition', () => {
  it.each(fixtureRuleFiles())('%s: every rule, on generated lines', (file) => {
    const { ruleset, version: at } = fixtureRules(file);
    const identifier = createIdentifier(ruleset);
    const explainer = createExplainer(ruleset, { falcoVersion: version(at) });
    const random = seededRandom(7);
    const disagreements: string[] = [];
    let compared = 0;
    for (const rule of ruleset.rules) {
      if (rule.compiled === undefined) continue;
      for (let n = 0; n < 3; n += 1) {
        const line = parseTextLine(
          renderLine(rule, random, at === '0.44.1' ? 'current' : 'parenthesised').line,
        );
        if (!line.ok) throw new Error(line.error.message);
        const identified = identifier.identifyText(line.value);
        if (identified.kind !== 'identified') continue;
        const explanation = explainer.explain({ rule: rule.name, fields: identified.fields });
        const expected = evaluateCondition(rule.compiled.ast, identified.fields as FieldValues);
        compared += 1;
        if (explanation?.result !== expected)
          disagreements.push(`${rule.name}: explain ${explanation?.result ?? 'none'}, compiled ${expected}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(ruleset.rules.length);
  });

  it('on the real JSON alerts whose rule is in the current rules', () => {
    const { ruleset } = fixtureRules('falco_rules.yaml');
    const explainer = createExplainer(ruleset);
    const directory = sharedPath('fixtures/alerts/json');
    let compared = 0;
    for (const file of readdirSync(directory).filter((name) => /^\d+_.*\.json$/.test(name))) {
      for (const item of readAlerts(readShared(`fixtures/alerts/json/${file}`), { fallbackTime: 0 }).items) {
        if (!item.ok || item.input.kind !== 'json') continue;
        const alert = item.input.alert;
        const rule = ruleset.rules.find((candidate) => candidate.name === alert.rule);
        if (rule?.compiled === undefined) continue;
        compared += 1;
        expect(explainer.explain(alert)?.result).toBe(
          evaluateCondition(rule.compiled.ast, alert.fields as FieldValues),
        );
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});
