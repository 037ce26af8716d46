/**
 * The starter files must pass the workflow's own checks on day one: loaded after Falco's default rules by the
 * project's rules engine (what `falco-triage validate` runs), they give no error and no warning, and the example
 * exception in their comments, once uncommented, loads cleanly on the Falco version it was written for.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRules } from '../../../src/falco/rules/load.js';
import { falcoVersion } from '../../../src/falco/version.js';
import { starterRulesFile, starterValuesFile } from '../../../src/rules-repo-generator/starter-files.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

const rules = path.resolve(process.cwd(), '../shared/fixtures/rules');
const defaults = {
  name: 'falco_rules.yaml',
  content: readFileSync(path.join(rules, 'falco_rules.yaml'), 'utf8'),
};

/** Uncomments the example's lines (and only those). */
const uncommentExample = (text: string) =>
  [
    '- list: hids_binaries',
    '  items: [titanagent]',
    '  override:',
    '    items: append',
    '  append: true',
  ].reduce((result, line) => result.replace(`# ${line}\n`, `${line}\n`), text);

function diagnostics(
  files: { name: string; content: string }[],
  version = falcoVersion(0, 44, 1),
  only?: string,
) {
  const result = loadRules(files, { falcoVersion: version });
  return [...result.errors, ...result.warnings]
    .filter((d) => only === undefined || d.file === only)
    .map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`);
}

describe('starter rules load cleanly after the default rules', () => {
  it('the values file and the plain rules file, as generated', () => {
    expect(
      diagnostics([defaults, { name: 'values.yaml', content: starterValuesFile(helmDefaults) }]),
    ).toEqual([]);
    expect(
      diagnostics([defaults, { name: 'falco_rules.local.yaml', content: starterRulesFile(plainDefaults) }]),
    ).toEqual([]);
  });

  it("with the example exception uncommented (Falco 0.44.1's override: syntax)", () => {
    const values = uncommentExample(starterValuesFile(helmDefaults));
    expect(values).toContain(
      '    - list: hids_binaries\n      items: [titanagent]\n      override:\n        items: append',
    );
    expect(diagnostics([defaults, { name: 'values.yaml', content: values }])).toEqual([]);
  });

  it("with the example exception uncommented (append: true, before Falco 0.37), on Falco 0.26's rules", () => {
    // The oldest rules at hand are 0.26's (their own unused-macro warnings are not ours, hence the filter).
    const old = {
      name: 'falco_rules.yaml',
      content: readFileSync(path.join(rules, 'falco_rules_0.26.2.yaml'), 'utf8'),
    };
    const text = uncommentExample(starterRulesFile({ ...plainDefaults, falcoVersion: '0.36.2' }));
    expect(text).toContain('\n- list: hids_binaries\n  append: true\n  items: [titanagent]\n');
    const local = { name: 'falco_rules.local.yaml', content: text };
    expect(diagnostics([old, local], falcoVersion(0, 26, 2), 'falco_rules.local.yaml')).toEqual([]);
  });
});
