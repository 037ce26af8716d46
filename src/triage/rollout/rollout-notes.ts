/**
 * What the thread is told at each rollout step, in words an on-call person understands without opening GitHub.
 * Notes are Slack mrkdwn: links as `<url|text>`; user names from GitHub are reduced to login characters.
 */
import type { WorkflowRunState } from '../ports/index.js';

export interface PullRef {
  readonly number: number;
  readonly url: string;
}

function login(name: string | null): string {
  const clean = (name ?? '').replace(/[^A-Za-z0-9-]/g, '');
  return clean === '' ? 'someone' : `@${clean}`;
}

function pull(ref: PullRef): string {
  return `<${ref.url}|#${ref.number}>`;
}

function run(state: WorkflowRunState): string {
  return `<${state.url}|#${state.number}>`;
}

const FAILURES: Readonly<Record<string, string>> = {
  cancelled: 'was cancelled (a newer run may replace it)',
  timed_out: 'timed out',
  startup_failure: 'could not start',
};

/** Exactly what each conclusion means for the person waiting. */
function failure(state: WorkflowRunState): string {
  return FAILURES[state.conclusion ?? ''] ?? 'failed';
}

export const notes = {
  merged: (ref: PullRef, by: string | null) =>
    `Pull request ${pull(ref)} was merged by ${login(by)}; waiting for the deploy.`,
  closedUnmerged: (ref: PullRef) =>
    `Pull request ${pull(ref)} was closed without merging: the exception was not added. Reopen it on GitHub to continue.`,
  reopened: (ref: PullRef) => `Pull request ${pull(ref)} was reopened and waits for review again.`,
  updated: (ref: PullRef, headSha: string) =>
    `Pull request ${pull(ref)} got new commits (head \`${headSha.slice(0, 7)}\`): check on GitHub that it still holds the exception approved here.`,
  deployed: (state: WorkflowRunState) => `Exception deployed by run ${run(state)}.`,
  deployFailed: (state: WorkflowRunState) =>
    `The deploy run ${run(state)} ${failure(state)} (<${state.url}|see the run>). The exception is merged but not live.`,
  removalMerged: (ref: PullRef, by: string | null) =>
    `Removal pull request ${pull(ref)} was merged by ${login(by)}: the expired exception is out of the rules and stops applying with the next deploy.`,
  removalClosed: (ref: PullRef) =>
    `Removal pull request ${pull(ref)} was closed without merging: the expired exception stays in the rules.`,
  removalReopened: (ref: PullRef) => `Removal pull request ${pull(ref)} was reopened.`,
  removedOutside: (file: string, branch: string) =>
    `The expired exception is no longer in ${file} on ${branch}: it counts as removed.`,
};

/** One line for the proposal's `statusReason` (the badge and /falco status show it). */
export const reasons = {
  merged: (ref: PullRef, by: string | null) => `merged (#${ref.number}) by ${login(by)}`,
  closedUnmerged: (ref: PullRef) => `pull request #${ref.number} closed without merging`,
  reopened: (ref: PullRef) => `pull request #${ref.number} reopened`,
  deployed: (state: WorkflowRunState) => `deployed by run #${state.number}`,
  deployFailed: (state: WorkflowRunState) => `deploy run #${state.number} ${failure(state)}`,
  removed: (ref: PullRef | undefined) =>
    ref === undefined ? 'removed from the rules' : `removed by pull request #${ref.number}`,
};
