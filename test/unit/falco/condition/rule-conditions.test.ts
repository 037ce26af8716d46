/** The 1,819 macro and rule conditions of the real rules files (conformance/rule_conditions.json). */
import { describe, expect, it } from '@jest/globals';
import { mustParse, readJsonFixture, type RuleCondition } from './helpers.js';
import { parseCondition } from '../../../../src/falco/condition/parser.js';
import { printCondition } from '../../../../src/falco/condition/printer.js';
import { NEWEST_VERSION, falcoVersion, type FalcoVersion } from '../../../../src/falco/version.js';

/** The Falco version a rules file belongs to: in its name, `0.2x` being the 0.25 era file, else the newest. */
function versionOf(file: string): FalcoVersion {
  const match = /_(\d+)\.(\d+)\.(\d+)\.yaml$/.exec(file);
  if (match !== null) return falcoVersion(Number(match[1]), Number(match[2]), Number(match[3]));
  return file.includes('0.2x') ? falcoVersion(0, 25, 0) : NEWEST_VERSION;
}

const conditions = readJsonFixture<RuleCondition[]>('conformance/rule_conditions.json');

describe('rule_conditions.json', () => {
  it('parses all 1,819 conditions at the newest version', () => {
    expect(conditions).toHaveLength(1819);
    const failures = conditions
      .map((c) => ({ c, parsed: parseCondition(c.condition) }))
      .filter(({ parsed }) => !parsed.ok)
      .map(({ c, parsed }) => `${c.file} ${c.kind} ${c.name}: ${JSON.stringify(parsed)}`);
    expect(failures).toEqual([]);
  });

  it('parses every condition at the Falco version of its rules file', () => {
    const failures = conditions
      .filter((c) => !parseCondition(c.condition, { version: versionOf(c.file) }).ok)
      .map((c) => `${c.file} ${c.name}`);
    expect(new Set(conditions.map((c) => versionOf(c.file).minor))).toEqual(new Set([22, 24, 25, 26, 44]));
    expect(failures).toEqual([]);
  });

  it('prints every condition in a reparseable form that parses back to the same tree', () => {
    const drift = conditions.filter((c) => {
      const tree = mustParse(c.condition);
      const again = parseCondition(printCondition(tree, { reparseable: true }));
      return !again.ok || printCondition(again.value) !== printCondition(tree);
    });
    expect(drift.map((c) => c.name)).toEqual([]);
  });

  it('keeps the canonical form stable: printing a parsed canonical form gives it back', () => {
    // Canonical text is not always parseable (libs prints "" as nothing); where it is, it must be a fixed point.
    const unstable = conditions.filter((c) => {
      const canonical = printCondition(mustParse(c.condition));
      const again = parseCondition(canonical);
      return again.ok && printCondition(again.value) !== canonical;
    });
    expect(unstable.map((c) => c.name)).toEqual([]);
  });
});
