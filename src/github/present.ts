/**
 * GitHub's pull request and workflow run objects, reduced to the port's shapes. The same functions serve the REST
 * answers and the webhook payloads, so the webhook path and the reconciler see identical states.
 */
import type { PullRequestState, WorkflowRunState } from '../triage/ports/index.js';

/** The fields read from a pull request (REST `pull-request`, `pull-request-simple`, or a webhook's). */
export interface PullRequestInput {
  readonly number: number;
  readonly html_url: string;
  readonly state: string;
  readonly body?: string | null | undefined;
  readonly updated_at: string;
  readonly merged?: boolean | null | undefined;
  readonly merged_at?: string | null | undefined;
  readonly merge_commit_sha?: string | null | undefined;
  readonly merged_by?: { readonly login: string } | null | undefined;
  readonly head: { readonly ref: string; readonly sha: string };
}

export function presentPullRequest(pull: PullRequestInput): PullRequestState {
  // `pull-request-simple` (lists) has no `merged`; `merged_at` says the same.
  const merged = pull.merged ?? (pull.merged_at !== undefined && pull.merged_at !== null);
  return {
    number: pull.number,
    url: pull.html_url,
    branch: pull.head.ref,
    state: pull.state === 'closed' ? 'closed' : 'open',
    merged,
    mergeCommitSha: merged ? (pull.merge_commit_sha ?? null) : null,
    headSha: pull.head.sha,
    mergedBy: pull.merged_by?.login ?? null,
    mergedAt: merged ? (pull.merged_at ?? null) : null,
    body: pull.body ?? '',
    updatedAt: pull.updated_at,
  };
}

/** The fields read from a workflow run (REST `workflow-run`, or a webhook's). */
export interface WorkflowRunInput {
  readonly id: number;
  readonly run_number: number;
  readonly name?: string | null | undefined;
  readonly event: string;
  readonly head_branch: string | null;
  readonly head_sha: string;
  readonly status: string | null;
  readonly conclusion: string | null;
  readonly html_url: string;
  readonly created_at: string;
}

export function presentWorkflowRun(run: WorkflowRunInput): WorkflowRunState {
  return {
    id: run.id,
    number: run.run_number,
    name: run.name ?? '',
    event: run.event,
    headBranch: run.head_branch,
    headSha: run.head_sha,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion,
    url: run.html_url,
    createdAt: run.created_at,
  };
}
