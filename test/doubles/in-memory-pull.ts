/**
 * A pull request of InMemoryRepo and how the port presents it. Like GitHub, an open pull request shows its branch's
 * current head; a closed one keeps the head it had when it was closed or merged.
 */
import type { PullRequestRef, PullRequestState, RepoPort } from '../../src/triage/ports/index.js';

export interface InMemoryPull {
  readonly number: number;
  readonly branch: string;
  readonly title: string;
  body: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
  state: 'open' | 'closed';
  mergeCommitSha: string | null;
  mergedBy: string | null;
  mergedAt: string | null;
  /** The head when it was opened, closed or merged. */
  headSha: string;
  updatedAt: string;
  readonly comments: string[];
}

export function newPull(
  number: number,
  args: Parameters<RepoPort['openPullRequest']>[0],
  headSha: string,
  at: string,
): InMemoryPull {
  return {
    number,
    branch: args.branch,
    title: args.title,
    body: args.body,
    labels: [...args.labels],
    reviewers: [...args.reviewers],
    state: 'open',
    mergeCommitSha: null,
    mergedBy: null,
    mergedAt: null,
    headSha,
    updatedAt: at,
    comments: [],
  };
}

export function pullRef(pull: InMemoryPull, repository: string): PullRequestRef {
  return {
    number: pull.number,
    url: `https://github.com/${repository}/pull/${pull.number}`,
    branch: pull.branch,
  };
}

/** `branchHead`: where the pull request's branch points now (undefined when it was deleted). */
export function pullState(
  pull: InMemoryPull,
  repository: string,
  branchHead: string | undefined,
): PullRequestState {
  return {
    ...pullRef(pull, repository),
    state: pull.state,
    merged: pull.mergeCommitSha !== null,
    mergeCommitSha: pull.mergeCommitSha,
    headSha: pull.state === 'open' ? (branchHead ?? pull.headSha) : pull.headSha,
    mergedBy: pull.mergedBy,
    mergedAt: pull.mergedAt,
    body: pull.body,
    updatedAt: pull.updatedAt,
  };
}
