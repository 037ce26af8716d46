/**
 * Plain, copy-on-read views of pull requests and workflow runs for test assertions (no live references into
 * the fake's state, so a later change cannot alter what a test already read).
 */
import type { FakeState } from './fake-state.js';
import type { PullRecord, RepoState, RunConclusion, RunRecord, RunStatus } from './repo-state.js';

export interface PullSnapshot {
  readonly number: number;
  readonly id: number;
  readonly title: string;
  readonly body: string | null;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly draft: boolean;
  readonly user: string;
  readonly head: { readonly ref: string; readonly sha: string };
  readonly base: { readonly ref: string; readonly sha: string };
  readonly labels: readonly string[];
  readonly requestedReviewers: readonly string[];
  readonly requestedTeams: readonly string[];
  readonly mergeCommitSha: string | null;
  readonly mergedBy: string | null;
  readonly htmlUrl: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly mergedAt: string | null;
}

export interface RunSnapshot {
  readonly id: number;
  readonly runNumber: number;
  readonly name: string;
  readonly path: string;
  readonly workflowId: number;
  readonly event: string;
  readonly headBranch: string;
  readonly headSha: string;
  readonly status: RunStatus;
  readonly conclusion: RunConclusion | null;
  readonly htmlUrl: string;
}

export function snapshotPull(state: FakeState, repo: RepoState, pull: PullRecord): PullSnapshot {
  return {
    number: pull.number,
    id: pull.id,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    merged: pull.mergedAt !== null,
    draft: pull.draft,
    user: pull.user,
    head: { ref: pull.headRef, sha: repo.pullHeadSha(pull) },
    base: { ref: pull.baseRef, sha: repo.pullBaseSha(pull) },
    labels: [...pull.labels],
    requestedReviewers: [...pull.requestedReviewers],
    requestedTeams: [...pull.requestedTeams],
    mergeCommitSha: pull.mergeCommitSha,
    mergedBy: pull.mergedBy,
    htmlUrl: `${state.urls.web}/${repo.fullName}/pull/${pull.number}`,
    createdAt: pull.createdAt,
    updatedAt: pull.updatedAt,
    closedAt: pull.closedAt,
    mergedAt: pull.mergedAt,
  };
}

export function snapshotRun(state: FakeState, repo: RepoState, run: RunRecord): RunSnapshot {
  return {
    id: run.id,
    runNumber: run.runNumber,
    name: run.name,
    path: run.path,
    workflowId: run.workflowId,
    event: run.event,
    headBranch: run.headBranch,
    headSha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    htmlUrl: `${state.urls.web}/${repo.fullName}/actions/runs/${run.id}`,
  };
}
