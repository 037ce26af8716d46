/**
 * With a field catalog, unknown fields are errors as in Falco, positioned where they are written (in the rule or
 * in the macro that holds them); `skip-if-unknown-filter` turns them into a skipped rule with a warning.
 */
import { describe, expect, it } from '@jest/globals';
import { parseFieldCatalog } from '../../../../src/falco/fields/catalog.js';
import { loadRules } from '../../../../src/falco/rules/load.js';
import type { LoadResult } from '../../../../src/falco/rules/model.js';
import { readShared, version } from './fixtures.js';

const catalog = parseFieldCatalog(readShared('fixtures/falco/fields.json'));
if (!catalog.ok) throw new Error(catalog.error.message);
const fields = catalog.value;

function load(content: string, falco = '0.44.1'): LoadResult {
  return loadRules([{ name: 'r.yaml', content }], { fields, falcoVersion: version(falco) });
}

describe('loading with a field catalog', () => {
  it('an unknown field in a rule is an error at the field', () => {
    const result = load(
      '- rule: r\n  desc: d\n  condition: evt.type = open and fd.nam = /etc\n  output: o\n  priority: INFO\n',
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 34,
        code: 'LOAD_ERR_COMPILE_CONDITION',
        message: expect.stringContaining('nonexistent field fd.nam') as unknown as string,
      }),
    ]);
  });

  it('an unknown field in a macro is reported at the macro, for the rule that uses it', () => {
    const content =
      '- macro: m\n  condition: proc.nme = cat\n- rule: r\n  desc: d\n  condition: evt.type = open and m\n  output: o\n  priority: INFO\n';
    const result = load(content);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 2, column: 14, item: { kind: 'rule', name: 'r' } }),
    ]);
    // An unused macro is never compiled to a filter by Falco: no error.
    expect(load('- macro: m\n  condition: proc.nme = cat\n').errors).toEqual([]);
  });

  it('skip-if-unknown-filter skips the rule with a warning', () => {
    const result = load(
      '- rule: r\n  desc: d\n  condition: evt.type = open and fd.nam = /etc\n  output: o\n  priority: INFO\n  skip-if-unknown-filter: true\n',
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toContain('LOAD_UNKNOWN_FILTER');
    expect(result.ruleset.rules[0]?.compiled).toBeUndefined();
  });

  it("checks exception fields from 0.28 (Lua) on, transformers from 0.38, in each release's words", () => {
    const rule = (field: string) =>
      `- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n  exceptions:\n    - name: e\n      fields: [${field}]\n      values: [[x]]\n`;
    const unsupported = "'proc.nme' is not a supported filter field";
    expect(load(rule('proc.nme')).errors[0]?.message).toBe(unsupported);
    expect(load(rule('tolower(proc.name)')).errors).toEqual([]);
    // 0.33 to 0.37 rule_loader_collector.cpp `is_field_defined`: plain fields only.
    expect(load(rule('proc.nme'), '0.37.1').errors).toEqual([
      expect.objectContaining({ line: 7, column: 7, code: 'LOAD_ERR_VALIDATE', message: unsupported }),
    ]);
    expect(load(rule('tolower(proc.name)'), '0.37.1').errors[0]?.message).toBe(
      "'tolower(proc.name)' is not a supported filter field",
    );
    // 0.32.0 rule_loader.cpp L128-130 and the Lua loader (0.28.0 rule_loader.lua L331-335) name the exception.
    const legacy = 'Rule exception item e: field name proc.nme is not a supported filter field';
    expect(load(rule('proc.nme'), '0.32.0').errors[0]?.message).toBe(legacy);
    expect(load(rule('proc.nme'), '0.28.0').errors[0]?.message).toBe(legacy);
    // Before 0.28 there are no exceptions to check (the key is ignored).
    expect(load(rule('proc.nme'), '0.27.0').errors).toEqual([]);
  });

  it('an unknown field in the output is an output error', () => {
    const result = load(
      '- rule: r\n  desc: d\n  condition: evt.type = open\n  output: file=%fd.nam user=%user.name\n  priority: INFO\n',
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 4,
        column: 16,
        code: 'LOAD_ERR_COMPILE_OUTPUT',
        message: 'invalid formatting token fd.nam',
      }),
    ]);
  });
});
