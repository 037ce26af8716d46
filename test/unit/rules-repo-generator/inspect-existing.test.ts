import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  inspectExistingFile,
  valuesRunFalcosidekick,
} from '../../../src/rules-repo-generator/inspect-existing.js';

const fixture = (name: string) =>
  readFileSync(path.resolve(process.cwd(), '../shared/fixtures/rules-repo', name), 'utf8');

describe('inspectExistingFile', () => {
  it('lists the customRules entries of real values files', () => {
    expect(inspectExistingFile('values.yaml', fixture('values-modern.yaml'), 'helm')).toEqual({
      warnings: [],
      summary: 'customRules: custom_rules.yaml, shared_tuning.yaml',
    });
    expect(inspectExistingFile('values.yaml', fixture('values-seed.yaml'), 'helm').summary).toBe(
      'customRules: custom_rules.yaml',
    );
  });

  it('counts the items of a plain rules file', () => {
    const report = inspectExistingFile('falco_rules.local.yaml', fixture('falco_rules.local.yaml'), 'rules');
    expect(report.warnings).toEqual([]);
    expect(report.summary).toMatch(/^\d+ rules, \d+ macros, \d+ lists$/);
  });

  it('spots a rules file passed as values, and values passed as a rules file', () => {
    expect(inspectExistingFile('r.yaml', fixture('falco_rules.local.yaml'), 'helm').warnings[0]).toContain(
      'did you mean --rules-file r.yaml?',
    );
    expect(inspectExistingFile('v.yaml', fixture('values-modern.yaml'), 'rules').warnings[0]).toContain(
      'did you mean --values v.yaml?',
    );
  });

  it.each([
    ['falco: {}\n', 'has no customRules'],
    ['customRules:\n  a.yaml:\n    - list: x\n', 'customRules.a.yaml must be rules text'],
    ['customRules:\n  "../a.yaml": "[]"\n', 'is not a plain file name'],
    ['customRules: [\n', 'is not valid YAML'],
    ['', 'is empty'],
  ])('warns about %j', (text, warning) => {
    expect(inspectExistingFile('values.yaml', text, 'helm').warnings.join('\n')).toContain(warning);
  });

  it('warns when falco.http_output.url would bypass an enabled Falcosidekick', () => {
    const bypass = [
      'falcosidekick: { enabled: true }',
      'falco: { http_output: { enabled: true, url: "http://bot:3001/falco/alerts" } }',
      'customRules: {}',
    ].join('\n');
    expect(inspectExistingFile('values.yaml', bypass, 'helm').warnings).toEqual([
      expect.stringContaining(
        'sets falco.http_output.url with falcosidekick.enabled: Falco posts to that URL instead',
      ),
    ]);
    expect(
      inspectExistingFile('values.yaml', 'falcosidekick: { enabled: true }\ncustomRules: {}\n', 'helm')
        .warnings,
    ).toEqual([]);
  });

  it('tells whether values run Falcosidekick', () => {
    expect(valuesRunFalcosidekick('falcosidekick:\n  enabled: true\n')).toBe(true);
    expect(valuesRunFalcosidekick('falcosidekick:\n  enabled: false\n')).toBe(false);
    expect(valuesRunFalcosidekick(fixture('values-modern.yaml'))).toBe(false);
    expect(valuesRunFalcosidekick('falcosidekick: [\n')).toBe(false);
  });
});
