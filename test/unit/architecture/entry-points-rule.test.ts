/** The lint rule that keeps folders behind their index.ts (eslint-rules/entry-points.js), on real paths of src/. */
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Linter } from 'eslint';
import local from '../../../eslint-rules/entry-points.js';

const SRC = path.resolve(import.meta.dirname, '../../../src');

function problems(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: path.resolve(SRC, '..') });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { sourceType: 'module' },
          plugins: { local },
          rules: { 'local/entry-points': 'error' },
        },
      ],
      path.join(SRC, file),
    )
    .map((message) => message.message);
}

describe('the entry-points lint rule', () => {
  it('refuses a file behind another folder’s index', () => {
    expect(
      problems(
        'triage/rollout/x.ts',
        "import { proposalView } from '../proposals/proposal-view-builder.js';",
      ),
    ).toEqual(['Import "src/triage/proposals" through its entry point: "../proposals/index.js".']);
    expect(problems('slack/x.ts', "export * from '../falco/alert/fingerprint.js';")).toHaveLength(1);
  });

  it('accepts the index, neighbours in the same folder, and folders without an index', () => {
    expect(problems('triage/rollout/x.ts', "import { a } from '../proposals/index.js';")).toEqual([]);
    expect(problems('triage/proposals/x.ts', "import { a } from './proposal-view-builder.js';")).toEqual([]);
    expect(problems('falco/alert/x.ts', "import { a } from '../engine-version.js';")).toEqual([]);
  });
});
