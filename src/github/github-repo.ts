/**
 * The workflow's `RepoPort` over GitHub's REST API, using only operations of
 * `../shared/fixtures/github/openapi.subset.json`: the Contents API for the rules file (blob-sha optimistic
 * concurrency), Git refs for branches, Git trees and commits for a change re-applied on a new base (commit-onto.ts), the Pulls and Issues APIs for pull requests, labels and comments, and the
 * repository's workflow runs (filtered by workflow name here: the subset has no per-workflow listing).
 *
 * Every expected failure is a `RepoError` value (see `repo-errors.ts` for the mapping); nothing throws for a GitHub
 * answer. Commits carry no custom author or committer, so GitHub signs them when the bot is an App.
 *
 * @example
 *   const repo = createGitHubRepo(config.github, { logger });
 *   const file = await repo.readFile(config.github.rulesFile, repo.baseBranch);
 */
import type { GitHubConfig } from '../config.js';
import { err, ok } from '../result.js';
import type { RepoFile, RepoPort, RepoResult, WorkflowRunState } from '../triage/ports/index.js';
import { commitOnto, TreeCache } from './commit-onto.js';
import { createGitHubClient, type GitHubClientOptions, type GitHubOctokit } from './octokit.js';
import { presentPullRequest, presentWorkflowRun } from './present.js';
import { openPullRequest, type OpenedPullRequest, type OpenPullRequestArgs } from './pull-requests.js';
import { gitHubMessage, isRequestError, toRepoError } from './repo-errors.js';

export type { OpenedPullRequest, OpenPullRequestArgs } from './pull-requests.js';

/** The port, with the extra `warnings` the GitHub adapter reports for labels and reviewers it could not apply. */
export interface GitHubRepo extends RepoPort {
  openPullRequest(args: OpenPullRequestArgs): Promise<RepoResult<OpenedPullRequest>>;
}

export type GitHubRepoOptions = GitHubClientOptions;

function is422(error: unknown, pattern: RegExp): boolean {
  return isRequestError(error) && error.status === 422 && pattern.test(gitHubMessage(error));
}

export function createGitHubRepo(
  config: Pick<GitHubConfig, 'apiUrl' | 'owner' | 'repo' | 'auth' | 'baseBranch'>,
  options: GitHubRepoOptions = {},
): GitHubRepo {
  const client = createGitHubClient(config, options);
  const { owner, repo } = config;
  const now = options.now ?? Date.now;
  const trees = new TreeCache();

  /** Runs `work` with the client; any throw becomes the RepoError of `attempt`. */
  async function guarded<T>(
    attempt: string,
    work: (octokit: GitHubOctokit) => Promise<T>,
  ): Promise<RepoResult<T>> {
    try {
      return ok(await work(await client.octokit()));
    } catch (error) {
      return err(toRepoError(error, attempt, now()));
    }
  }

  async function readFile(path: string, ref: string): Promise<RepoResult<RepoFile | undefined>> {
    const attempt = `read ${path} at ${ref}`;
    try {
      const octokit = await client.octokit();
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      if (Array.isArray(data))
        return err({ kind: 'invalid', message: `cannot ${attempt}: it is a directory` });
      if (data.type !== 'file')
        return err({ kind: 'invalid', message: `cannot ${attempt}: it is a ${data.type}` });
      if (data.encoding !== 'base64' || (data.content === '' && data.size > 0)) {
        return err({ kind: 'invalid', message: `cannot ${attempt}: files over 1 MB are not supported` });
      }
      return ok({ path, content: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha });
    } catch (error) {
      // GitHub answers 404 both for a missing file and for a missing ref; only the first is "no file here".
      if (isRequestError(error) && error.status === 404 && !/no commit found/i.test(gitHubMessage(error))) {
        return ok(undefined);
      }
      return err(toRepoError(error, attempt, now()));
    }
  }

  async function resetBranch(branch: string, commitSha: string): Promise<RepoResult<void>> {
    const attempt = `point branch ${branch} at ${commitSha.slice(0, 7)}`;
    try {
      const octokit = await client.octokit();
      try {
        await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commitSha });
      } catch (error) {
        if (!is422(error, /reference already exists/i)) throw error;
        await octokit.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${branch}`,
          sha: commitSha,
          force: true,
        });
      }
      return ok(undefined);
    } catch (error) {
      return err(toRepoError(error, attempt, now()));
    }
  }

  async function moveBranch(branch: string, commitSha: string): Promise<RepoResult<void>> {
    const attempt = `move branch ${branch} to ${commitSha.slice(0, 7)}`;
    try {
      const octokit = await client.octokit();
      await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commitSha, force: true });
      return ok(undefined);
    } catch (error) {
      // GitHub answers a missing ref with 422 "Reference does not exist".
      if (is422(error, /reference does not exist/i))
        return err({ kind: 'not_found', message: `cannot ${attempt}: the branch does not exist` });
      return err(toRepoError(error, attempt, now()));
    }
  }

  async function writeFile(
    args: Parameters<RepoPort['writeFile']>[0],
  ): Promise<RepoResult<{ commitSha: string }>> {
    const attempt = `commit ${args.path} to ${args.branch}`;
    try {
      const octokit = await client.octokit();
      const { data } = await octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: args.path,
        branch: args.branch,
        message: args.message,
        content: Buffer.from(args.content, 'utf8').toString('base64'),
        ...(args.expectedSha === undefined ? {} : { sha: args.expectedSha }),
      });
      const commitSha = data.commit.sha;
      if (commitSha === undefined)
        return err({ kind: 'invalid', message: `${attempt}: GitHub sent no commit sha` });
      return ok({ commitSha });
    } catch (error) {
      // A stale sha is 409 "does not match"; a file created since we looked (no sha sent) is 422 "sha wasn't supplied".
      if (is422(error, /does not match|"sha" wasn't supplied/i)) {
        return err({ kind: 'conflict', message: `cannot ${attempt}: the file changed since it was read` });
      }
      const mapped = toRepoError(error, attempt, now());
      return mapped.kind === 'conflict'
        ? err({ kind: 'conflict', message: `cannot ${attempt}: the file changed since it was read` })
        : err(mapped);
    }
  }

  async function listWorkflowRuns(args: Parameters<RepoPort['listWorkflowRuns']>[0]) {
    return guarded<WorkflowRunState[]>(
      `list the runs of workflow "${args.workflowName}"`,
      async (octokit) => {
        // One page of the newest 100 runs (narrowed by commit or branch when given) is what the reconciler needs.
        const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
          owner,
          repo,
          per_page: 100,
          ...(args.headSha === undefined ? {} : { head_sha: args.headSha }),
          ...(args.branch === undefined ? {} : { branch: args.branch }),
        });
        return data.workflow_runs.filter((run) => run.name === args.workflowName).map(presentWorkflowRun);
      },
    );
  }

  return {
    baseBranch: config.baseBranch,
    branchHead: (branch) =>
      guarded(`read branch ${branch}`, async (octokit) => {
        const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
        return data.object.sha;
      }),
    readFile,
    resetBranch,
    writeFile,
    createCommit: (args) =>
      guarded(`commit ${args.path} onto ${args.parent.slice(0, 7)}`, (octokit) =>
        commitOnto(octokit, { owner, repo }, trees, args),
      ).then((result) => (result.ok ? result.value : result)),
    moveBranch,
    openPullRequest: (args) =>
      guarded('open a pull request', (octokit) =>
        openPullRequest(octokit, { owner, repo, baseBranch: config.baseBranch }, args),
      ).then((result) => (result.ok ? result.value : result)),
    getPullRequest: (number) =>
      guarded(`read pull request #${number}`, async (octokit) => {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
        return presentPullRequest(data);
      }),
    updatePullRequestBody: (number, body) =>
      guarded(`update the body of pull request #${number}`, async (octokit) => {
        await octokit.rest.pulls.update({ owner, repo, pull_number: number, body });
      }),
    listOpenPullRequests: (branchPrefix) =>
      guarded(`list open pull requests of ${branchPrefix}*`, async (octokit) => {
        const pulls = await octokit.paginate(octokit.rest.pulls.list, {
          owner,
          repo,
          state: 'open',
          per_page: 100,
        });
        const self = `${owner}/${repo}`.toLowerCase();
        // Same-repository heads only: a fork can name its branch like ours.
        return pulls
          .filter(
            (pull) =>
              pull.head.ref.startsWith(branchPrefix) && pull.head.repo?.full_name.toLowerCase() === self,
          )
          .map(presentPullRequest);
      }),
    listWorkflowRuns,
    comment: (number, body) =>
      guarded(`comment on #${number}`, async (octokit) => {
        await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
      }),
  };
}
