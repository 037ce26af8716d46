/**
 * How the workflow talks to the rules repository (GitHub, or GitHub Enterprise through GITHUB_API_URL). The GitHub
 * adapter (src/github) implements it over octokit; expected failures come back as values so the workflow can decide
 * between "retry later through the outbox", "re-read and re-apply" and "tell the people in the thread".
 */
import type { Result } from '../../result.js';

export type RepoError =
  /** The thing asked for does not exist (file, branch, pull request). */
  | { readonly kind: 'not_found'; readonly message: string }
  /** Optimistic concurrency lost: the file or branch changed since it was read. Re-read and re-apply. */
  | { readonly kind: 'conflict'; readonly message: string }
  /** GitHub is down, slow or rate-limiting: retry later (after `retryAfterMs` when GitHub said). */
  | { readonly kind: 'unavailable'; readonly message: string; readonly retryAfterMs?: number }
  /** The credentials cannot do this (missing permission, repository not installed): an operator must act. */
  | { readonly kind: 'forbidden'; readonly message: string }
  /** GitHub refused the request as invalid (422 other than the cases above): a bug or a misconfiguration. */
  | { readonly kind: 'invalid'; readonly message: string };

export type RepoResult<T> = Result<T, RepoError>;

export interface RepoFile {
  readonly path: string;
  readonly content: string;
  /** The git blob sha, needed to update the file (optimistic concurrency). */
  readonly sha: string;
}

export interface PullRequestRef {
  readonly number: number;
  readonly url: string;
  readonly branch: string;
}

export interface PullRequestState extends PullRequestRef {
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly mergeCommitSha: string | null;
  readonly headSha: string;
  readonly mergedBy: string | null;
  /** When it was merged (ISO 8601); null unless merged. Orders merges against deploy runs. */
  readonly mergedAt: string | null;
  readonly body: string;
  readonly updatedAt: string;
}

export interface WorkflowRunState {
  readonly id: number;
  readonly number: number;
  readonly name: string;
  readonly event: string;
  readonly headBranch: string | null;
  readonly headSha: string;
  readonly status: string;
  /** success, failure, cancelled, … (null while running). */
  readonly conclusion: string | null;
  readonly url: string;
  /** When GitHub created the run (ISO 8601): a run created after a merge deploys it. */
  readonly createdAt: string;
}

export interface RepoPort {
  readonly baseBranch: string;
  /** The commit sha the branch points at. */
  branchHead(branch: string): Promise<RepoResult<string>>;
  /** A file's text at a ref (branch name or commit sha); `undefined` when the file does not exist there. */
  readFile(path: string, ref: string): Promise<RepoResult<RepoFile | undefined>>;
  /** Points `branch` at `commitSha`, creating it when missing and moving it (force) when it exists. */
  resetBranch(branch: string, commitSha: string): Promise<RepoResult<void>>;
  /**
   * Commits `content` to `path` on `branch`. `expectedSha` is the blob sha the change was based on (undefined for a
   * new file): when the file on the branch is different, the result is a `conflict` and nothing is written.
   */
  writeFile(args: {
    readonly branch: string;
    readonly path: string;
    readonly content: string;
    readonly expectedSha: string | undefined;
    readonly message: string;
  }): Promise<RepoResult<{ readonly commitSha: string }>>;
  /**
   * Makes a commit whose only parent is `parent`, holding `parent`'s files with `path` set to `content`, without
   * moving any branch (the bot re-applies an exception on a new base this way, then moves its branch).
   */
  createCommit(args: {
    readonly parent: string;
    readonly path: string;
    readonly content: string;
    readonly message: string;
  }): Promise<RepoResult<{ readonly commitSha: string }>>;
  /** Moves an existing branch to `commitSha`, also when that is no fast-forward; `not_found` when it is gone. */
  moveBranch(branch: string, commitSha: string): Promise<RepoResult<void>>;
  /** Opens a pull request from `branch`, or returns the open one that already exists for it (`created: false`). */
  openPullRequest(args: {
    readonly branch: string;
    readonly title: string;
    readonly body: string;
    readonly labels: readonly string[];
    readonly reviewers: readonly string[];
  }): Promise<
    RepoResult<PullRequestRef & { readonly created: boolean; readonly warnings?: readonly string[] }>
  >;
  getPullRequest(number: number): Promise<RepoResult<PullRequestState>>;
  /** Replaces the body of a pull request (the evidence, after the change was re-applied on a new base). */
  updatePullRequestBody(number: number, body: string): Promise<RepoResult<void>>;
  /** Open pull requests whose head branch starts with `branchPrefix` (the reconciler's work list). */
  listOpenPullRequests(branchPrefix: string): Promise<RepoResult<PullRequestState[]>>;
  /** Recent runs of the named workflow, newest first, optionally for one head commit. */
  listWorkflowRuns(args: {
    readonly workflowName: string;
    readonly headSha?: string;
    readonly branch?: string;
  }): Promise<RepoResult<WorkflowRunState[]>>;
  /** Adds a comment to a pull request. */
  comment(number: number, body: string): Promise<RepoResult<void>>;
}
