/** `/falco status`: what is waiting for whom, what is rolling out, what is muted, and whether delivery is healthy. */
import type { Proposal } from '../ports/index.js';
import type { Clock, Mute, TriageStore } from '../ports/index.js';

export interface StatusReport {
  readonly pending: readonly Proposal[];
  readonly openPullRequests: readonly Proposal[];
  readonly recentDeploys: readonly Proposal[];
  readonly failed: readonly Proposal[];
  readonly mutes: readonly Mute[];
  readonly queue: { readonly pending: number; readonly due: number; readonly dead: number };
  readonly githubConfigured: boolean;
}

export async function statusReport(deps: {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly githubConfigured: boolean;
}): Promise<StatusReport> {
  const now = deps.clock.now();
  const [pending, openPullRequests, deployed, failed, mutes, queue] = await Promise.all([
    deps.store.proposals.list(['pending', 'approved'], 10),
    deps.store.proposals.list(['pr_open', 'merged'], 10),
    deps.store.proposals.list(['deployed', 'deploy_failed'], 20),
    deps.store.proposals.list(['pr_failed'], 5),
    deps.store.mutes.live(now),
    deps.store.outbox.stats(now),
  ]);
  const weekAgo = now.getTime() - 7 * 86_400_000;
  return {
    pending,
    openPullRequests,
    recentDeploys: deployed.filter((proposal) => proposal.updatedAt.getTime() >= weekAgo).slice(0, 5),
    failed,
    mutes,
    queue,
    githubConfigured: deps.githubConfigured,
  };
}
