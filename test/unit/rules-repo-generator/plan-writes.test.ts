import { describe, expect, it } from '@jest/globals';
import { generateRulesRepo } from '../../../src/rules-repo-generator/generate.js';
import { planWrites } from '../../../src/rules-repo-generator/plan-writes.js';
import { helmDefaults } from './workflow-fixtures.js';

const files = generateRulesRepo(helmDefaults);
const contents = (path: string) => files.find((file) => file.path === path)?.contents;

function actions(existing: Record<string, string>, force: boolean) {
  const plan = planWrites(files, (path) => existing[path], force);
  return {
    blocked: plan.blocked,
    actions: Object.fromEntries(plan.writes.map((write) => [write.file.path, write.action])),
  };
}

describe('planWrites', () => {
  it('creates everything in an empty repository', () => {
    expect(actions({}, false)).toEqual({
      blocked: false,
      actions: {
        '.github/workflows/falco-rules.yaml': 'create',
        'values.yaml': 'create',
        '.github/CODEOWNERS': 'create',
        'README.md': 'create',
      },
    });
  });

  it('is a quiet no-op when run again', () => {
    const existing = Object.fromEntries(files.map((file) => [file.path, file.contents]));
    expect(Object.values(actions(existing, false).actions)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });

  it('never replaces the rules, even with --force', () => {
    expect(actions({ 'values.yaml': 'customRules: {}\n' }, true).actions['values.yaml']).toBe('keep');
  });

  it('keeps an edited README and CODEOWNERS unless forced', () => {
    const edited = { 'README.md': '# ours\n', '.github/CODEOWNERS': '* @acme/sec\n' };
    expect(actions(edited, false)).toMatchObject({
      blocked: false,
      actions: { 'README.md': 'keep', '.github/CODEOWNERS': 'keep' },
    });
    expect(actions(edited, true).actions).toMatchObject({
      'README.md': 'replace',
      '.github/CODEOWNERS': 'replace',
    });
  });

  it('blocks on a different workflow unless forced', () => {
    const edited = {
      '.github/workflows/falco-rules.yaml': `${contents('.github/workflows/falco-rules.yaml')}# local change\n`,
    };
    expect(actions(edited, false)).toMatchObject({
      blocked: true,
      actions: { '.github/workflows/falco-rules.yaml': 'conflict' },
    });
    expect(actions(edited, true)).toMatchObject({
      blocked: false,
      actions: { '.github/workflows/falco-rules.yaml': 'replace' },
    });
  });
});
