import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';
import { startFakeGitHub } from '../../helpers/fake-github.js';

export const GITHUB_TOKEN = 'ghp_e2etoken000000000000000000000000';
export const RULES_REPO = 'acme/falco-rules';

export interface RulesRepoSetup {
  readonly github: FakeGitHub;
  /** Environment for startTestBot pointing the bot at the fake GitHub and the current rules. */
  readonly env: Record<string, string>;
}

/** A fake GitHub holding a rules repository with `rulesFile` (a copy of a shared fixture), and the bot's env. */
export async function startRulesRepo(
  options: {
    rulesFile?: string;
    fixture?: string;
    approvers?: string;
    falcoVersion?: string;
    baseRules?: string;
  } = {},
): Promise<RulesRepoSetup> {
  const github = await startFakeGitHub();
  github.addToken(GITHUB_TOKEN, { login: 'falco-triage-bot' });
  const rulesFile = options.rulesFile ?? 'values.yaml';
  const [owner = '', name = ''] = RULES_REPO.split('/');
  github.createRepo(owner, name, {
    defaultBranch: 'main',
    files: { [rulesFile]: readFixture('rules-repo', options.fixture ?? 'values-modern.yaml') },
  });
  return {
    github,
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN,
      GITHUB_REPO: RULES_REPO,
      RULES_FILE: rulesFile,
      FALCO_VERSION: options.falcoVersion ?? '0.44.1',
      FALCO_RULES: fixturePath('rules', options.baseRules ?? 'falco_rules.yaml'),
      APPROVERS: options.approvers ?? 'U0BOB00001,U0CAROL001',
    },
  };
}
