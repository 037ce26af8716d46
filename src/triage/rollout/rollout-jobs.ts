/**
 * Outbox jobs of the rollout: the reconcile pass and the removal of an expired exception. The reconcile job has one
 * coalesce key and one ordering key, so every replica's timer (and every webhook asking for a pass) folds into one
 * pending job and passes never overlap across replicas: that is what makes the reconciler safe with two replicas.
 */
import { GITHUB_PASS_KEY, JOB_PR_REMOVE, proposalKey } from '../jobs/index.js';

/** One reconcile pass: poll exception pull requests and deploy runs, open removal PRs for expired exceptions. */
export const JOB_RECONCILE = 'github.reconcile';

export const RECONCILE_KEY = GITHUB_PASS_KEY;

/** The removal job of one proposal: queued once (`hasJob`), coalesced while pending. */
export function removalKey(proposalId: string): string {
  return `github.pr.remove:${proposalId}`;
}

export function removalJob(proposalId: string) {
  return {
    kind: JOB_PR_REMOVE,
    payload: { proposalId },
    orderingKey: proposalKey(proposalId),
    coalesceKey: removalKey(proposalId),
  };
}

export function reconcileJob(reason: string) {
  return { kind: JOB_RECONCILE, payload: { reason }, orderingKey: RECONCILE_KEY, coalesceKey: RECONCILE_KEY };
}
