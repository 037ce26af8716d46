/**
 * Real text lines (../shared/fixtures/alerts/plaintext.json) against the fixture rules files. A line's expected rules
 * come from the title index (`rule_title_index.json`: output title → the rule names that printed it across Falco's
 * history; the longest title that starts the line). Each line whose expected rule exists in a fixture file is
 * identified against every such file at that file's version; at least 90% must name an expected rule first.
 *
 * The same lines damaged the ways people and collectors damage them: the header stripped (as Slack and web UIs show
 * alerts), a priority word instead, text before the header, two lines run together. Each damaged line must give the
 * undamaged line's rule, or an ambiguity that lists it; never another rule.
 */
import { describe, expect, it } from '@jest/globals';
import { parseTextLine, type TextAlert } from '../../../../src/falco/alert/index.js';
import {
  createIdentifier,
  type Identification,
  type Identifier,
} from '../../../../src/falco/identify/index.js';
import { fixtureRuleFiles, fixtureRules, readShared } from './fixtures.js';

interface TitleEntry {
  readonly title: string;
  readonly rules: Readonly<Record<string, unknown>>;
}

const lines = (JSON.parse(readShared('fixtures/alerts/plaintext.json')) as { line: string }[]).map(
  (entry) => entry.line,
);
const titles = (JSON.parse(readShared('fixtures/falco/rule_title_index.json')) as TitleEntry[]).sort(
  (a, b) => b.title.length - a.title.length,
);

function expectedRules(message: string): string[] {
  const entry = titles.find((candidate) => message.startsWith(candidate.title));
  return entry === undefined ? [] : Object.keys(entry.rules);
}

const files = fixtureRuleFiles().map((file) => {
  const { ruleset } = fixtureRules(file);
  return {
    file,
    names: new Set(ruleset.rules.map((rule) => rule.name)),
    identifier: createIdentifier(ruleset),
  };
});

describe('identification of real text lines', () => {
  it('names an expected rule first for at least 90% of the lines whose rule is in a fixture file', () => {
    let attempts = 0;
    let correct = 0;
    const misses: string[] = [];
    for (const line of lines) {
      const text = parseTextLine(line);
      if (!text.ok) continue;
      const expected = expectedRules(text.value.message);
      for (const { file, names, identifier } of files) {
        if (!expected.some((name) => names.has(name))) continue;
        attempts += 1;
        const top = topRule(identifier, text.value);
        if (top !== undefined && expected.includes(top)) correct += 1;
        else
          misses.push(
            `${file}: expected ${expected.join(' / ')}, got ${top ?? 'none'}\n    ${line.slice(0, 160)}`,
          );
      }
    }
    const rate = correct / attempts;
    console.log(`real lines: ${correct}/${attempts} (${(rate * 100).toFixed(1)}%) attributed correctly`);
    if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
    expect(attempts).toBeGreaterThan(100);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});

function topRule(
  identifier: Identifier,
  text: Parameters<Identifier['identifyText']>[0],
): string | undefined {
  const result = identifier.identifyText(text);
  return result.kind === 'identified' ? result.rule : undefined;
}

interface Attempt {
  readonly file: string;
  readonly identifier: Identifier;
  readonly text: TextAlert;
  /** The rule the undamaged line is identified as. */
  readonly rule: string;
}

/** Every (line, file) the first test counts, with the undamaged line's answer. */
function attempts(): Attempt[] {
  const out: Attempt[] = [];
  for (const line of lines) {
    const text = parseTextLine(line);
    if (!text.ok) continue;
    const expected = expectedRules(text.value.message);
    for (const { file, names, identifier } of files) {
      if (!expected.some((name) => names.has(name))) continue;
      const rule = topRule(identifier, text.value);
      if (rule !== undefined) out.push({ file, identifier, text: text.value, rule });
    }
  }
  return out;
}

function identifyDamaged(identifier: Identifier, damaged: string): Identification {
  const parsed = parseTextLine(damaged, { headerless: true });
  if (!parsed.ok) throw new Error(`${damaged}: ${parsed.error.message}`);
  return identifier.identifyText(parsed.value);
}

type Verdict = 'same rule' | 'ambiguous, listing it' | 'wrong';

function verdict(result: Identification, rules: readonly string[]): Verdict {
  if (result.kind === 'identified') return rules.includes(result.rule) ? 'same rule' : 'wrong';
  if (result.kind === 'ambiguous')
    return result.candidates.every((candidate) => rules.includes(candidate.rule)) &&
      result.candidates.some((candidate) => candidate.rule === rules[0])
      ? 'ambiguous, listing it'
      : 'wrong';
  return 'wrong';
}

describe('identification of damaged real text lines', () => {
  const all = attempts();

  const damage: readonly [string, (text: TextAlert) => string][] = [
    ['header stripped (the output alone)', (text) => text.message],
    ['a priority word instead of the header', (text) => `${text.priority ?? ''} ${text.message}`],
    ['a grep -n prefix', (text) => `/var/log/falco.log:4711:${text.line}`],
    ['a kubectl --prefix', (text) => `[pod/falco-xczjd/falco] ${text.line}`],
    ['junk glued to the time', (text) => `#x!9${text.line}`],
    [
      'junk shaped like another alert',
      (text) => `12:00:00.000000000: Debug nothing any rule prints ${text.line}`,
    ],
  ];

  it.each(damage)('%s: every line gives its rule, or an ambiguity listing it', (name, damaged) => {
    const tally = new Map<Verdict, number>();
    const wrong: string[] = [];
    for (const attempt of all) {
      const result = identifyDamaged(attempt.identifier, damaged(attempt.text));
      const found = verdict(result, [attempt.rule]);
      tally.set(found, (tally.get(found) ?? 0) + 1);
      if (found === 'wrong')
        wrong.push(`${attempt.file}: ${attempt.rule} → ${JSON.stringify(result).slice(0, 200)}`);
    }
    console.log(`${name}: ${JSON.stringify(Object.fromEntries(tally))} of ${all.length}`);
    expect(all.length).toBe(162);
    expect(wrong).toEqual([]);
  });

  it.each([
    ['run together', ''],
    ['run together with a blank', ' '],
    ['the first cut off, then the second', 'cut'],
    ['without their headers, pasted together', 'bare'],
  ])(
    'two lines %s: one of their rules with a notice, or an ambiguity listing theirs; never another',
    (name, how) => {
      const tally = new Map<string, number>();
      const wrong: string[] = [];
      all.forEach((attempt, index) => {
        // The next attempt on the same rules file: another line, mostly of another rule.
        const next = all
          .slice(index + 1)
          .find((other) => other.file === attempt.file && other.text !== attempt.text);
        if (next === undefined) return;
        const first =
          how === 'cut'
            ? attempt.text.line.slice(0, Math.floor(attempt.text.line.length * 0.6))
            : attempt.text.line;
        const result = identifyDamaged(
          attempt.identifier,
          `${first}${how === ' ' ? ' ' : ''}${next.text.line}`,
        );
        const rules = [attempt.rule, next.rule];
        let found: string = verdict(result, rules);
        if (result.kind === 'ambiguous' && !result.candidates.some((c) => c.rule === next.rule))
          found = 'wrong';
        if (result.kind === 'identified' && result.reading?.notice === undefined)
          found =
            rules[0] === rules[1] || how !== 'bare' ? 'wrong: no notice' : 'silent: second output not found';
        if (found === 'same rule') found = 'one explained, with a notice';
        tally.set(found, (tally.get(found) ?? 0) + 1);
        if (found.startsWith('wrong'))
          wrong.push(`${attempt.file}: ${rules.join(' + ')} → ${JSON.stringify(result).slice(0, 300)}`);
      });
      console.log(`two lines ${name}: ${JSON.stringify(Object.fromEntries(tally))}`);
      expect(wrong).toEqual([]);
      // Without headers, a second output is found by its title; one whose title another Falco version reworded
      // ("Shell history had been deleted or renamed") is not, and the first alert is explained alone.
      expect(tally.get('silent: second output not found') ?? 0).toBeLessThanOrEqual(1);
    },
  );
});
