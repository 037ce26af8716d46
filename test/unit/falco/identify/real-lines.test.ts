/**
 * Real text lines (../shared/fixtures/alerts/plaintext.json) against the fixture rules files. A line's expected rules
 * come from the title index (`rule_title_index.json`: output title → the rule names that printed it across Falco's
 * history; the longest title that starts the line). Each line whose expected rule exists in a fixture file is
 * identified against every such file at that file's version; at least 90% must name an expected rule first.
 */
import { describe, expect, it } from '@jest/globals';
import { parseTextLine } from '../../../../src/falco/alert/index.js';
import { createIdentifier, type Identifier } from '../../../../src/falco/identify/index.js';
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
