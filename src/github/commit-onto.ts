/**
 * Commits made with Git's data API instead of the Contents API: a commit of one changed file on top of a chosen
 * parent (not of a branch), which the bot then points its branch at. This is how an exception is re-applied on a
 * moved base: the new commit's only parent is the base's head, so the pull request shows exactly one commit on top
 * of the base, whatever its branch held before.
 *
 * Three requests: the parent's tree (`git/get-commit`, remembered per commit, since a commit never changes), the new
 * tree from it with the file's content (`git/create-tree` with `base_tree`), the commit (`git/create-commit`). No
 * author or committer is sent, so GitHub signs the commit when the bot is an App.
 */
import { ok } from '../result.js';
import type { RepoResult } from '../triage/ports/index.js';
import type { GitHubOctokit } from './octokit.js';

export interface CommitOntoArgs {
  readonly parent: string;
  readonly path: string;
  readonly content: string;
  readonly message: string;
}

/** Commit sha → tree sha, for the parents met recently (a pass re-applies many pull requests on the same base). */
export class TreeCache {
  readonly #trees = new Map<string, string>();

  constructor(private readonly limit = 64) {}

  get(commit: string): string | undefined {
    return this.#trees.get(commit);
  }

  set(commit: string, tree: string): void {
    if (this.#trees.size >= this.limit) this.#trees.delete(this.#trees.keys().next().value as string);
    this.#trees.set(commit, tree);
  }
}

/** Throws what octokit throws; the caller maps it to a RepoError. */
export async function commitOnto(
  octokit: GitHubOctokit,
  target: { readonly owner: string; readonly repo: string },
  trees: TreeCache,
  args: CommitOntoArgs,
): Promise<RepoResult<{ readonly commitSha: string }>> {
  const { owner, repo } = target;
  let baseTree = trees.get(args.parent);
  if (baseTree === undefined) {
    const { data } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: args.parent });
    baseTree = data.tree.sha;
    trees.set(args.parent, baseTree);
  }
  const tree = await octokit.rest.git.createTree({
    owner,
    repo,
    base_tree: baseTree,
    tree: [{ path: args.path, mode: '100644', type: 'blob', content: args.content }],
  });
  const commit = await octokit.rest.git.createCommit({
    owner,
    repo,
    message: args.message,
    tree: tree.data.sha,
    parents: [args.parent],
  });
  return ok({ commitSha: commit.data.sha });
}
