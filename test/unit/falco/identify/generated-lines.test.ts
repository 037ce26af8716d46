/**
 * Identification rates over lines rendered from every rule of every fixture rules file (at the file's own Falco
 * version): the rule is the top candidate at least 99% of the time and always among the candidates, and at least 95%
 * of the printed fields are recovered exactly. Misses are printed so a regression says which rule and line.
 */
import { describe, expect, it } from '@jest/globals';
import { parseTextLine } from '../../../../src/falco/alert/index.js';
import { createIdentifier, typedValue, valueKinds } from '../../../../src/falco/identify/index.js';
import { fixtureRuleFiles, fixtureRules } from './fixtures.js';
import { renderLine, seededRandom } from './line-generator.js';

const LINES_PER_RULE = 4;

interface Tally {
  lines: number;
  top: number;
  among: number;
  fields: number;
  exact: number;
  misses: string[];
  fieldMisses: string[];
}

function measure(): Tally {
  const tally: Tally = { lines: 0, top: 0, among: 0, fields: 0, exact: 0, misses: [], fieldMisses: [] };
  const kinds = valueKinds();
  const random = seededRandom(20260813);
  for (const file of fixtureRuleFiles()) {
    const { ruleset, version } = fixtureRules(file);
    const identifier = createIdentifier(ruleset);
    const era = version === '0.44.1' ? 'current' : 'parenthesised';
    for (const rule of ruleset.rules) {
      for (let n = 0; n < LINES_PER_RULE; n += 1) {
        const generated = renderLine(rule, random, era);
        const text = parseTextLine(generated.line);
        if (!text.ok) throw new Error(`${generated.line}: ${text.error.message}`);
        const result = identifier.identifyText(text.value);
        tally.lines += 1;
        const names = result.kind === 'identified' ? result.candidates.map((c) => c.rule) : [];
        if (names[0] === rule.name) tally.top += 1;
        else
          tally.misses.push(`${file}: ${rule.name} → ${names.join(' | ') || 'none'}\n    ${generated.line}`);
        if (names.includes(rule.name)) tally.among += 1;
        if (result.kind !== 'identified' || names[0] !== rule.name) continue;
        for (const [key, printed] of generated.printed) {
          tally.fields += 1;
          const expected = typedValue(kinds(key), printed);
          if (Object.is(result.fields[key], expected) || result.fields[key] === expected) tally.exact += 1;
          else
            tally.fieldMisses.push(
              `${rule.name}: ${key} expected ${JSON.stringify(expected).slice(0, 80)} got ${JSON.stringify(result.fields[key]).slice(0, 80)}`,
            );
        }
      }
    }
  }
  return tally;
}

describe('identification of generated lines', () => {
  const tally = measure();

  it('attributes at least 99% of lines to their rule (top candidate), and always lists it', () => {
    const rate = tally.top / tally.lines;
    if (tally.misses.length > 0)
      console.log(
        `top-candidate rate ${(rate * 100).toFixed(2)}% (${tally.top}/${tally.lines}); misses:\n` +
          tally.misses.join('\n'),
      );
    expect(tally.lines).toBeGreaterThan(1000);
    expect(rate).toBeGreaterThanOrEqual(0.99);
    expect(tally.among).toBe(tally.lines);
  });

  it('recovers at least 95% of the printed field values exactly', () => {
    const rate = tally.exact / tally.fields;
    if (tally.fieldMisses.length > 0)
      console.log(
        `field rate ${(rate * 100).toFixed(2)}% (${tally.exact}/${tally.fields}); misses:\n` +
          tally.fieldMisses.slice(0, 50).join('\n'),
      );
    expect(tally.fields).toBeGreaterThan(10_000);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});
