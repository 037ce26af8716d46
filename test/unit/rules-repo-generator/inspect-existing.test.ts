import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectExistingFile } from '../../../src/rules-repo-generator/inspect-existing.js';

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
});
