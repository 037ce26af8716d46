/**
 * `/falco status [target]`: where triage of the last day stands, what is waiting for whom, what is rolling out, what
 * is muted, and whether delivery is healthy; per target when the bot serves several (each line names its target),
 * or for the one target asked for.
 */
import type { Proposal, TargetRef, TriageSummary } from '../ports/index.js';
import type { Clock, Mute, TriageStore } from '../ports/index.js';

/** Triage covers the groups seen (and the resolutions made) in the last day; a few of each are listed. */
const TRIAGE_WINDOW_MS = 24 * 3600_000;
const TRIAGE_LISTED = 8;

export interface StatusReport {
  readonly pending: readonly Proposal[];
  readonly openPullRequests: readonly Proposal[];
  readonly recentDeploys: readonly Proposal[];
  readonly failed: readonly Proposal[];
  readonly mutes: readonly Mute[];
  readonly queue: { readonly pending: number; readonly due: number; readonly dead: number };
  /** Alert groups of the last 24 hours by triage status, what needs someone, the latest resolutions. */
  readonly triage: TriageSummary;
  readonly githubConfigured: boolean;
  /** The targets the bot serves (one implicit target for the short form). */
  readonly targets: readonly TargetRef[];
  /** The target asked for: the report covers only it. */
  readonly target: TargetRef | undefined;
  /** The target asked for is not configured: nothing else is reported. */
  readonly unknownTarget: string | undefined;
}

export async function statusReport(
  deps: {
    readonly store: TriageStore;
    readonly clock: Clock;
    readonly githubConfigured: boolean;
    readonly targets?: readonly TargetRef[];
  },
  asked?: string,
): Promise<StatusReport> {
  const now = deps.clock.now();
  const targets = deps.targets ?? [];
  const target =
    asked === undefined ? undefined : targets.find((t) => t.name.toLowerCase() === asked.toLowerCase());
  const only = target?.name;
  const [pending, openPullRequests, deployed, failed, mutes, queue, triage] = await Promise.all([
    deps.store.proposals.list(['pending', 'approved'], 10, only),
    deps.store.proposals.list(['pr_open', 'merged'], 10, only),
    deps.store.proposals.list(['deployed', 'deploy_failed'], 20, only),
    deps.store.proposals.list(['pr_failed'], 5, only),
    deps.store.mutes.live(now),
    deps.store.outbox.stats(now),
    deps.store.groups.triageSummary(new Date(now.getTime() - TRIAGE_WINDOW_MS), TRIAGE_LISTED),
  ]);
  const weekAgo = now.getTime() - 7 * 86_400_000;
  return {
    pending,
    openPullRequests,
    recentDeploys: deployed.filter((proposal) => proposal.updatedAt.getTime() >= weekAgo).slice(0, 5),
    failed,
    mutes: mutes.filter(
      (mute) => only === undefined || mute.falcoTarget === null || mute.falcoTarget === only,
    ),
    queue,
    triage,
    githubConfigured: deps.githubConfigured,
    targets,
    target,
    unknownTarget: asked !== undefined && target === undefined ? asked : undefined,
  };
}
