/**
 * Which deploy run put a merged exception live. The rules repository's workflow (`src/rules-repo-generator`) runs
 * on pull requests too, but its deploy job only runs for `push` and `workflow_dispatch` on the base branch;
 * pull-request runs are never deploys. Jobs are not listed (the API subset has no jobs endpoint): a run's conclusion stands for
 * its deploy job, which needs every check to pass.
 *
 * The rule, for an exception merged as commit M at time tM:
 * 1. a completed deploy run whose head commit is M deploys it (its own run, or a re-run of it);
 * 2. a later deploy run on the base branch deploys everything merged before it, because it checks out the branch
 *    head, which contains M. "Later" is decided by the run's creation order:
 *    - when M's own run is known (it is created when M is pushed), a run with a higher run number is later;
 *    - otherwise only a run created in a later second than tM is later. GitHub times have one-second precision, so a
 *      run created in the same second could be one of an earlier commit; calling that a deploy would tell people an
 *      exception is live when it is not, while waiting costs nothing: the merge's own run settles it.
 * 3. Among the runs that cover M: any success means deployed (the earliest one is reported: that is when it went
 *    live; a later failed helm upgrade does not take it out). Otherwise the latest failed, cancelled or timed-out
 *    covering run means the deploy failed. Otherwise it is still waiting.
 */
import type { WorkflowRunState } from '../ports/index.js';

export interface DeployWorkflow {
  /** The workflow's `name:` (GITHUB_DEPLOY_WORKFLOW, default "Falco rules"). */
  readonly workflowName: string;
  readonly baseBranch: string;
}

/** A run of the deploy workflow that can deploy: a push or manual run on the base branch. */
export function isDeployRun(run: WorkflowRunState, workflow: DeployWorkflow): boolean {
  return (
    run.name === workflow.workflowName &&
    run.headBranch === workflow.baseBranch &&
    (run.event === 'push' || run.event === 'workflow_dispatch')
  );
}

const FAILED = new Set(['failure', 'cancelled', 'timed_out', 'startup_failure']);

/** success, failed, or undefined while running or for conclusions that say nothing about the deploy (skipped, neutral). */
export function runOutcome(run: WorkflowRunState): 'success' | 'failed' | undefined {
  if (run.status !== 'completed' || run.conclusion === null) return undefined;
  if (run.conclusion === 'success') return 'success';
  return FAILED.has(run.conclusion) ? 'failed' : undefined;
}

export interface MergedChange {
  readonly mergeCommitSha: string;
  /** ISO 8601; needed only when the merge commit's own run is not among the runs. */
  readonly mergedAt: string | null;
}

export type DeployVerdict =
  | { readonly kind: 'deployed'; readonly run: WorkflowRunState }
  | { readonly kind: 'failed'; readonly run: WorkflowRunState }
  | { readonly kind: 'waiting' };

/** The merge commit's own run (lowest number if re-created), among deploy runs. */
export function ownRun(merge: MergedChange, runs: readonly WorkflowRunState[]): WorkflowRunState | undefined {
  return runs.filter((run) => run.headSha === merge.mergeCommitSha).sort((a, b) => a.number - b.number)[0];
}

/** Whether `run` checked out a base branch that contains the merge (rule 1 and 2 above). */
export function coversMerge(
  run: WorkflowRunState,
  merge: MergedChange,
  own: WorkflowRunState | undefined,
): boolean {
  if (run.headSha === merge.mergeCommitSha) return true;
  if (own !== undefined) return run.number > own.number;
  if (merge.mergedAt === null) return false;
  return Math.floor(Date.parse(run.createdAt) / 1000) > Math.floor(Date.parse(merge.mergedAt) / 1000);
}

/** Whether deciding needs the merge time: some completed run is neither the merge's own nor orderable without it. */
export function needsMergeTime(merge: MergedChange, runs: readonly WorkflowRunState[]): boolean {
  if (ownRun(merge, runs) !== undefined) return false;
  return runs.some((run) => runOutcome(run) !== undefined);
}

/** The verdict for a merge over deploy runs (any order; only deploy runs of the base branch should be passed). */
export function deployVerdict(merge: MergedChange, runs: readonly WorkflowRunState[]): DeployVerdict {
  const own = ownRun(merge, runs);
  const covering = runs
    .filter((run) => runOutcome(run) !== undefined && coversMerge(run, merge, own))
    .sort((a, b) => a.number - b.number);
  const success = covering.find((run) => runOutcome(run) === 'success');
  if (success !== undefined) return { kind: 'deployed', run: success };
  const failed = covering[covering.length - 1];
  return failed === undefined ? { kind: 'waiting' } : { kind: 'failed', run: failed };
}
