/**
 * Shared set-up for the GitHub adapter's contract tests: a fake GitHub with a token and a rules repository, and the
 * adapter pointed at it the way tests must run it (no throttling queue, no automatic retries).
 */
import { createHash } from 'node:crypto';
import type { GitHubConfig } from '../../../src/config.js';
import {
  createGitHubRepo,
  type GitHubRepo,
  type GitHubRepoOptions,
} from '../../../src/github/github-repo.js';
import type { RepoResult } from '../../../src/triage/ports/rules-repository-port.js';
import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import { startFakeGitHub } from '../../helpers/fake-github.js';

export const TOKEN = 'ghp_contract_test_token';
export const OWNER = 'acme';
export const NAME = 'falco-rules';
export const REPO = `${OWNER}/${NAME}`;
export const RULES = 'falco/values.yaml';
export const SEED = 'customRules:\n  custom_rules.yaml: |-\n    - list: hids_binaries\n      items: [aide]\n';

export async function startFake(
  options: { collaborators?: readonly string[]; now?: () => number } = {},
): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({
    validateResponses: true,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  fake.addToken(TOKEN, { login: 'falco-triage-bot' });
  fake.createRepo(OWNER, NAME, {
    files: { [RULES]: SEED, 'README.md': '# rules\n' },
    ...(options.collaborators === undefined ? {} : { collaborators: options.collaborators }),
  });
  return fake;
}

export function repoFor(
  fake: FakeGitHub,
  auth: GitHubConfig['auth'] = { kind: 'token', token: TOKEN },
  options: GitHubRepoOptions = {},
): GitHubRepo {
  return createGitHubRepo(
    { apiUrl: fake.url, owner: OWNER, repo: NAME, baseBranch: 'main', auth },
    { throttle: false, retries: 0, ...options },
  );
}

/** The value of a successful result; fails the test with the RepoError otherwise. */
export function unwrap<T>(result: RepoResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** The RepoError of a failed result; fails the test on success. */
export function failure<T>(result: RepoResult<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Git's blob sha of a text, as GitHub computes it. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
