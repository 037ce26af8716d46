/**
 * Helm values files with `customRules`: recognised automatically, entries loaded in file-name order (as the chart
 * mounts them in rules.d and Falco reads the directory), errors at the values file's own lines.
 */
import { describe, expect, it } from '@jest/globals';
import { expandHelmValues, looksLikeHelmValues } from '../../../../src/falco/rules/helm-values.js';
import { loadRules } from '../../../../src/falco/rules/load.js';
import { readShared } from './fixtures.js';

const VALUES = `# prod values
falco:
  json_output: true
customRules:
  z_last.yaml: |-
    - rule: Uses the macro
      desc: d
      condition: evt.type = open and my_macro
      output: o
      priority: INFO
  a_first.yaml: |-
    - macro: my_macro
      condition: proc.name = cat
`;

describe('Helm values files', () => {
  it('recognises a map with customRules, and nothing else', () => {
    expect(looksLikeHelmValues(VALUES)).toBe(true);
    expect(looksLikeHelmValues(readShared('fixtures/rules/falco_rules.yaml'))).toBe(false);
    expect(expandHelmValues({ name: 'r.yaml', content: '- customRules: x\n' }).kind).toBe('not-values');
  });

  it('loads entries sorted by file name, whatever their order in the values file', () => {
    const expansion = expandHelmValues({ name: 'values.yaml', content: VALUES });
    expect(expansion.kind).toBe('values');
    const result = loadRules([{ name: 'values.yaml', content: VALUES }]);
    expect(result.errors).toEqual([]);
    expect(result.ruleset.rules[0]?.compiled?.text).toBe('(evt.type = open and proc.name = cat)');
    expect(result.ruleset.macros[0]?.definedAt).toEqual({ file: 'values.yaml', line: 12, column: 7 });
  });

  it('points errors inside an entry at the values file line and column', () => {
    const broken = VALUES.replace('proc.name = cat', 'proc.name = = cat');
    const result = loadRules([{ name: 'values.yaml', content: broken }]);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: 'values.yaml', line: 13, code: 'LOAD_ERR_COMPILE_CONDITION' }),
    ]);
    expect(result.errors[0]?.column).toBeGreaterThan(18);
  });

  it('points YAML errors inside an entry at the values file', () => {
    const broken = VALUES.replace('      desc: d\n', '      desc: [d\n');
    const result = loadRules([{ name: 'values.yaml', content: broken }]);
    expect(result.errors[0]).toMatchObject({ file: 'values.yaml', code: 'LOAD_ERR_YAML_PARSE' });
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(7);
    expect(result.errors[0]?.line).toBeLessThanOrEqual(9);
  });

  it('an empty customRules loads nothing; a non-map customRules is reported', () => {
    expect(loadRules([{ name: 'v.yaml', content: 'customRules: {}\n' }]).ok).toBe(true);
    const result = loadRules([{ name: 'v.yaml', content: 'customRules: [a]\n' }]);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'TRIAGE_HELM_VALUES', line: 1 }));
  });

  it('loads the seed values file (the how-to), whose rules use the defaults', () => {
    const result = loadRules([
      { name: 'falco_rules.yaml', content: readShared('fixtures/rules/falco_rules.yaml') },
      { name: 'values-seed.yaml', content: readShared('fixtures/rules-repo/values-seed.yaml') },
    ]);
    expect(result.errors).toEqual([]);
    const list = result.ruleset.lists.find((l) => l.name === 'safe_etc_dirs');
    expect(list?.definedAt).toEqual({ file: 'values-seed.yaml', line: 9, column: 7 });
  });
});
