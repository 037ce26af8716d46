/**
 * Falco's own rule-loader unit tests (`unit_tests/engine/test_rule_loader.cpp`, 103 cases, 213 expectations in
 * ../shared/fixtures/conformance/rule_loader_cases.json) run against our loader at the newest Falco version, with
 * Falco's field catalog. Message expectations are substring checks, as in Falco's `check_*_message` helpers.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../src/falco/rules/load.js';
import { parseFieldCatalog } from '../../../../src/falco/fields/catalog.js';
import type { LoadResult, LoadedRule } from '../../../../src/falco/rules/model.js';
import { readShared } from './fixtures.js';

interface Expectation {
  readonly assert: 'load_ok' | 'has_warnings' | 'warning' | 'error' | 'compiled_condition' | 'describe_rule';
  readonly value?: boolean;
  readonly present?: boolean;
  readonly message?: string | null;
  readonly rule?: string;
  readonly key?: string;
  readonly expected?: string | null;
}

interface Case {
  readonly test: string;
  readonly rules_yaml: string;
  readonly expectations: readonly Expectation[];
}

const cases = JSON.parse(readShared('fixtures/conformance/rule_loader_cases.json')) as Case[];
const catalog = parseFieldCatalog(readShared('fixtures/falco/fields.json'));

/**
 * The fixture's capture cases carry `expected: null` (the extractor could not read Falco's boolean/number
 * assertions); the values below are what each case's YAML and name state.
 */
const CAPTURE_VALUES: Readonly<Record<string, Readonly<Record<string, boolean | number>>>> = {
  rule_capture_enabled: { capture: true },
  rule_capture_disabled_by_default: { capture: false, capture_duration: 0 },
  rule_capture_duration: { capture_duration: 10000 },
  rule_override_capture_replace: { capture: false },
  rule_override_capture_duration_replace: { capture_duration: 15000 },
};

function describeValue(rule: LoadedRule, key: string): unknown {
  switch (key) {
    case 'description':
      return rule.desc;
    case 'capture_duration':
      return rule.captureDuration;
    default:
      return (rule as unknown as Record<string, unknown>)[key];
  }
}

/** Undefined when the expectation holds, else why not. */
function check(testName: string, result: LoadResult, e: Expectation): string | undefined {
  const messages = (list: LoadResult['errors']) => JSON.stringify(list.map((d) => d.message));
  switch (e.assert) {
    case 'load_ok':
      return result.ok === e.value ? undefined : `ok=${result.ok}, errors ${messages(result.errors)}`;
    case 'has_warnings':
      return result.warnings.length > 0 === e.value ? undefined : `warnings ${messages(result.warnings)}`;
    case 'warning': {
      const has =
        e.message == null
          ? result.warnings.length > 0
          : result.warnings.some((w) => w.message.includes(e.message ?? ''));
      return has === e.present ? undefined : `warnings ${messages(result.warnings)}`;
    }
    case 'error': {
      const has = !result.ok && result.errors.some((w) => w.message.includes(e.message ?? ''));
      return has === e.present ? undefined : `errors ${messages(result.errors)}`;
    }
    case 'compiled_condition': {
      const rule = result.ruleset.rules.find((r) => r.name === e.rule);
      const text = rule?.compiled?.text;
      return text === e.expected
        ? undefined
        : `compiled ${JSON.stringify(text)}, errors ${messages(result.errors)}`;
    }
    case 'describe_rule': {
      const rule = result.ruleset.rules[0];
      if (rule === undefined) return 'no rule loaded';
      const key = e.key ?? '';
      const expected = e.expected ?? CAPTURE_VALUES[testName]?.[key];
      if (expected === undefined) return `no expected value for ${key}`;
      const actual = describeValue(rule, key);
      return actual === expected ? undefined : `${key} is ${JSON.stringify(actual)}`;
    }
  }
}

describe('rule_loader_cases.json (Falco test_rule_loader.cpp)', () => {
  if (!catalog.ok) throw new Error(catalog.error.message);
  const fields = catalog.value;
  const outcomes = cases.flatMap((c) => {
    const result = loadRules([{ name: 'rules.yaml', content: c.rules_yaml }], { fields });
    return c.expectations.map((e) => ({ test: c.test, expectation: e, failure: check(c.test, result, e) }));
  });
  const failures = outcomes.filter((o) => o.failure !== undefined);

  it('holds at least 95% of all expectations (failures listed with why)', () => {
    const report = failures
      .map((f) => `${f.test}: ${JSON.stringify(f.expectation)} -> ${f.failure}`)
      .join('\n');
    if (failures.length > 0) process.stdout.write(`rule_loader_cases failures:\n${report}\n`);
    expect(outcomes.length).toBe(213);
    expect(failures.length / outcomes.length).toBeLessThanOrEqual(0.05);
  });

  it('compiles every compiled_condition case exactly', () => {
    const compiled = failures.filter((f) => f.expectation.assert === 'compiled_condition');
    expect(compiled.map((f) => `${f.test}: ${f.failure}`)).toEqual([]);
  });

  it('agrees on load success for every case', () => {
    const loads = failures.filter((f) => f.expectation.assert === 'load_ok');
    expect(loads.map((f) => `${f.test}: ${f.failure}`)).toEqual([]);
  });
});
