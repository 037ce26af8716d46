/**
 * The one line each rollout step records as the proposal's `statusReason` (audit trail, badge). Plain words, never
 * chat markup: what the thread is told is a ThreadNote, worded by the chat adapter. User names from GitHub are
 * reduced to login characters.
 */
import type { LinkRef, WorkflowRunState } from '../ports/index.js';

function login(name: string | null): string {
  const clean = (name ?? '').replace(/[^A-Za-z0-9-]/g, '');
  return clean === '' ? 'someone' : `@${clean}`;
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

export const reasons = {
  merged: (ref: LinkRef, by: string | null) => `merged (#${ref.number}) by ${login(by)}`,
  closedUnmerged: (ref: LinkRef) => `pull request #${ref.number} closed without merging`,
  reopened: (ref: LinkRef) => `pull request #${ref.number} reopened`,
  deployed: (state: WorkflowRunState) => `deployed by run #${state.number}`,
  deployFailed: (state: WorkflowRunState) => `deploy run #${state.number} ${failure(state)}`,
  removed: (ref: LinkRef | undefined) =>
    ref === undefined ? 'removed from the rules' : `removed by pull request #${ref.number}`,
};
