/**
 * Repository-level reads: the repository, a branch, the commit history (with `sha`, `path`, `author`,
 * `since`/`until` filters) and the pull requests associated with a commit (how a push-triggered workflow run's
 * `head_sha` maps back to the merged pull request).
 */
import { ApiError, optionalParam, paginate, param, repoOf, type Handler } from '../handler-kit.js';
import type { CommitObject } from '../git-objects.js';
import { presentFullRepository } from '../present-common.js';
import { presentBranch, presentCommit } from '../present-git.js';
import { presentPullSimple } from '../present-pull.js';
import type { RepoState } from '../repo-state.js';

const getRepo: Handler = (context) => {
  const repo = repoOf(context);
  return { status: 200, body: presentFullRepository(context.state, repo) };
};

const getBranch: Handler = (context) => {
  const repo = repoOf(context);
  const name = param(context, 'branch');
  const sha = repo.branch(name);
  const head = sha === undefined ? undefined : repo.objects.commit(sha);
  if (head === undefined) throw new ApiError(404, 'Branch not found');
  return { status: 200, body: presentBranch(context.state, repo, name, head) };
};

/** Did this commit change `path` relative to its first parent? */
function touches(repo: RepoState, commit: CommitObject, path: string): boolean {
  const parent = commit.parents[0];
  const before = parent === undefined ? undefined : repo.objects.commit(parent);
  const now = repo.objects.lookup(commit.tree, path)?.sha;
  const was = before === undefined ? undefined : repo.objects.lookup(before.tree, path)?.sha;
  return now !== was;
}

const listCommits: Handler = (context) => {
  const repo = repoOf(context);
  const ref = optionalParam(context, 'sha') ?? repo.defaultBranch;
  const start = repo.resolveCommitish(ref);
  if (repo.refs.size === 0) throw new ApiError(409, 'Git Repository is empty.');
  if (start === undefined) throw new ApiError(404, `No commit found for SHA: ${ref}`);
  const path = optionalParam(context, 'path');
  const author = optionalParam(context, 'author')?.toLowerCase();
  const committer = optionalParam(context, 'committer')?.toLowerCase();
  const since = optionalParam(context, 'since');
  const until = optionalParam(context, 'until');
  const matchesPerson = (who: { name: string; email: string }, wanted: string | undefined) =>
    wanted === undefined ||
    who.email.toLowerCase() === wanted ||
    who.name.toLowerCase() === wanted ||
    who.email.toLowerCase().endsWith(`+${wanted}@users.noreply.github.com`);
  const commits = repo.objects
    .history(start)
    .filter((commit) => path === undefined || touches(repo, commit, path.replace(/^\/+/, '')))
    .filter((commit) => matchesPerson(commit.author, author) && matchesPerson(commit.committer, committer))
    .filter((commit) => since === undefined || Date.parse(commit.committer.date) >= Date.parse(since))
    .filter((commit) => until === undefined || Date.parse(commit.committer.date) <= Date.parse(until));
  return paginate(context, commits, (commit) => presentCommit(context.state, repo, commit));
};

const pullsForCommit: Handler = (context) => {
  const repo = repoOf(context);
  const sha = repo.resolveCommitish(param(context, 'commit_sha'));
  if (sha === undefined) throw new ApiError(422, `No commit found for SHA: ${param(context, 'commit_sha')}`);
  const onDefault = repo.objects.isAncestor(sha, repo.branch(repo.defaultBranch) ?? '');
  const pulls = [...repo.pulls.values()].filter((pull) => {
    if (pull.mergeCommitSha === sha) return true;
    const contains =
      repo.pullCommits(pull).some((commit) => commit.sha === sha) || repo.pullHeadSha(pull) === sha;
    // GitHub: merged pull requests that introduced the commit; open ones only while it is not on the default branch.
    return contains && (pull.mergedAt !== null || (!onDefault && pull.state === 'open'));
  });
  return paginate(context, pulls, (pull) => presentPullSimple(context.state, repo, pull));
};

export const repoHandlers: Record<string, Handler> = {
  'repos/get': getRepo,
  'repos/get-branch': getBranch,
  'repos/list-commits': listCommits,
  'repos/list-pull-requests-associated-with-commit': pullsForCommit,
};
