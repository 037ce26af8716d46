/**
 * After approval: the exception pull request (body, branch naming, job), keeping it on top of its base branch while
 * it is open (refresh pass, re-apply, ownership of the branch), following it to merge and deploy (rollout,
 * reconciler, deploy runs, thread notes), expiry with its removal pull request, and the per-target wiring of all of
 * it behind the bot's single webhook route and job kinds.
 * May import: ports, jobs, proposals, deployed-rules, src/falco, src/markdown.
 */
export { createExpiryJobs } from './exception-expiry.js';
export { createPrRefresh, type PrRefresh, type RefreshReport } from './pr-refresh.js';
export { pullRequestJob } from './pull-request-job.js';
export { createReconciler, type Reconciler } from './reconciler.js';
export { createRemovalCheck } from './removal-check.js';
export { createRollout, type Rollout, type RolloutResult } from './rollout.js';
export {
  byProposalTarget,
  combineReconcilers,
  routeByRepository,
  type RepositoryEvent,
  type TargetRollout,
} from './per-target.js';
