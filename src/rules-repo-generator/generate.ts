/**
 * Everything `init-rules-repo` writes, as data: each file's repository path, contents and what may happen when
 * the file already exists. The command decides and writes; this function only says what the repository should
 * contain, so the example under examples/rules-repo/ is exactly `generateRulesRepo` of the default options.
 */
import {
  CODEOWNERS_PATH,
  README_PATH,
  WORKFLOW_PATH,
  rulesFilePath,
  type RulesRepoOptions,
} from './options.js';
import { generateReadme } from './readme.js';
import { codeOwnersFile, starterRulesFile, starterValuesFile } from './starter-files.js';
import { generateWorkflow } from './workflow.js';

/**
 * - `workflow`: the point of the command; an existing different one is a conflict unless forced.
 * - `rules`: holds the rules; created when missing and never replaced, not even with --force.
 * - `companion`: README and CODEOWNERS; kept when present (people edit them), replaced with --force.
 */
export type FileRole = 'workflow' | 'rules' | 'companion';

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly role: FileRole;
  readonly contents: string;
  /** What the file is, for the command's report. */
  readonly description: string;
}

export function generateRulesRepo(options: RulesRepoOptions): readonly GeneratedFile[] {
  const helm = options.layout.kind === 'helm';
  return [
    {
      path: WORKFLOW_PATH,
      role: 'workflow',
      contents: generateWorkflow(options),
      description: helm
        ? 'checks pull requests, helm upgrade on merge'
        : 'checks pull requests, deploys on merge',
    },
    {
      path: rulesFilePath(options),
      role: 'rules',
      contents: helm ? starterValuesFile(options) : starterRulesFile(options),
      description: helm ? 'starter Helm values with customRules.custom_rules.yaml' : 'starter rules file',
    },
    {
      path: CODEOWNERS_PATH,
      role: 'companion',
      contents: codeOwnersFile(options),
      description: 'who reviews rule changes',
    },
    {
      path: README_PATH,
      role: 'companion',
      contents: generateReadme(options),
      description: 'how the repository works and its setup',
    },
  ];
}
