/**
 * GitHub does not redeliver a failed webhook, so a periodic pass polls GitHub and converges every exception to the
 * state the webhooks would have produced (the same `Rollout` functions apply it): pull requests of `pr_open` and
 * `closed_unmerged` proposals, the recent runs of the deploy workflow for `merged` and `deploy_failed` ones, and,
 * through the expiry jobs, expired exceptions (removal PRs to open, removals merged). A missed webhook is caught
 * within one interval (RECONCILE_INTERVAL_SECONDS, default 2 minutes) and on startup.
 *
 * Two replicas: the timer does not run the pass, it enqueues the reconcile outbox job (`rollout-jobs.ts`). Its
 * coalesce key folds every replica's tick into one pending job and its ordering key lets one worker at a time hold
 * it, so passes never overlap, and a replica that dies mid-pass leaves a job another replica picks up after the lease.
 *
 * It also notices what the refresh pass (pr-refresh.ts) would have been asked to do by a lost webhook: an open
 * exception pull request whose base moved, or whose branch a person pushed to; it then queues that pass.
 *
 * Cost per pass: one list of open pull requests, one page of workflow runs when something waits for a deploy, one
 * `getPullRequest` per proposal whose PR left the open list (and per merged proposal whose merge time is needed,
 * once per process), the base branch's head while the bot keeps open pull requests, plus what the expiry jobs need.
 */
import type { Logger } from '../../logger.js';
import {
  deployVerdict,
  isDeployRun,
  needsMergeTime,
  type DeployWorkflow,
  type MergedChange,
} from './deploy-runs.js';
import type { JobHandler } from '../jobs/index.js';
import type { Clock, TriageStore } from '../ports/index.js';
import type { Proposal } from '../ports/index.js';
import { isBotCommit, isOwned } from './pr-ownership.js';
import { BRANCH_PREFIX } from './pull-request-naming.js';
import type { PullRequestState, RepoError, RepoPort } from '../ports/index.js';
import { JOB_RECONCILE, reconcileJob } from './rollout-jobs.js';
import type { Rollout, RolloutResult } from './rollout.js';

export interface ReconcileReport {
  /** Pull requests and proposals looked at. */
  readonly checked: number;
  /** Proposals moved (or told something) by this pass. */
  readonly changed: readonly RolloutResult[];
  /** GitHub problems met; the next pass tries again. */
  readonly problems: readonly string[];
}

/** What the pass asks of the expiry jobs (`exception-expiry.ts`); optional so the reconciler works without them. */
export interface ExpiryPass {
  /** Queues removal PRs for exceptions whose expiry passed; how many were queued. */
  scan(now: Date): Promise<number>;
  /** Marks expired exceptions whose removal is on the base branch as removed. */
  reconcile(openPulls: readonly PullRequestState[], now: Date): Promise<readonly RolloutResult[]>;
}

export interface ReconcilerDeps {
  readonly store: TriageStore;
  readonly repo: Pick<
    RepoPort,
    'baseBranch' | 'branchHead' | 'getPullRequest' | 'listOpenPullRequests' | 'listWorkflowRuns'
  >;
  readonly rollout: Rollout;
  readonly clock: Clock;
  readonly logger: Logger;
  /** GITHUB_DEPLOY_WORKFLOW. */
  readonly deployWorkflow: string;
  /** RECONCILE_INTERVAL_SECONDS × 1000. */
  readonly intervalMs: number;
  readonly expiry?: ExpiryPass;
  /** Queues the refresh pass of open exception pull requests (pr-refresh.ts); optional like the expiry. */
  readonly refresh?: { request(reason: string): Promise<void> };
  /** Proposals looked at per state and pass (default 200). */
  readonly batch?: number;
  /** The target whose repository this pass polls: only its proposals are looked at (per-target.ts). */
  readonly falcoTarget?: string;
}

export interface Reconciler {
  /** One pass, now, in this process (tests; the job handler). */
  runOnce(): Promise<ReconcileReport>;
  /** Queues a pass (coalesced with any pending one). */
  request(reason: string): Promise<void>;
  /** For the outbox job runner: `{ 'github.reconcile': … }`. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Queues a pass now and then every interval. */
  start(): void;
  stop(): Promise<void>;
}

function describe(error: RepoError): string {
  return `${error.kind}: ${error.message}`;
}

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { store, repo, rollout, clock, logger } = deps;
  const batch = deps.batch ?? 200;
  const workflow: DeployWorkflow = { workflowName: deps.deployWorkflow, baseBranch: repo.baseBranch };
  /** Merge times never change: remembered per proposal for the life of the process. */
  const mergeTimes = new Map<string, string | null>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  async function pullRequests(open: readonly PullRequestState[], report: MutableReport): Promise<void> {
    const openByNumber = new Map(open.map((pr) => [pr.number, pr]));
    for (const proposal of await store.proposals.list(['pr_open'], batch, deps.falcoTarget)) {
      if (proposal.prNumber === null || openByNumber.has(proposal.prNumber)) continue;
      report.checked += 1;
      const pr = await repo.getPullRequest(proposal.prNumber);
      if (!pr.ok) {
        report.problems.push(`pull request #${proposal.prNumber}: ${describe(pr.error)}`);
        continue;
      }
      report.add(await rollout.pullRequestSeen(pr.value, 'reconciler'));
    }
    // Reopened pull requests are back in the open list.
    for (const proposal of await store.proposals.list(['closed_unmerged'], batch, deps.falcoTarget)) {
      const pr = proposal.prNumber === null ? undefined : openByNumber.get(proposal.prNumber);
      if (pr === undefined) continue;
      report.checked += 1;
      report.add(await rollout.pullRequestSeen(pr, 'reconciler'));
    }
  }

  async function mergeOf(proposal: Proposal, report: MutableReport): Promise<MergedChange | undefined> {
    if (proposal.mergeCommitSha === null) return undefined;
    const known = mergeTimes.get(proposal.id);
    if (known !== undefined || proposal.prNumber === null)
      return { mergeCommitSha: proposal.mergeCommitSha, mergedAt: known ?? null };
    const pr = await repo.getPullRequest(proposal.prNumber);
    if (!pr.ok) {
      report.problems.push(`pull request #${proposal.prNumber}: ${describe(pr.error)}`);
      return undefined;
    }
    mergeTimes.set(proposal.id, pr.value.mergedAt);
    return { mergeCommitSha: proposal.mergeCommitSha, mergedAt: pr.value.mergedAt };
  }

  async function deploys(report: MutableReport): Promise<void> {
    const waiting = await store.proposals.list(['merged', 'deploy_failed'], batch, deps.falcoTarget);
    if (waiting.length === 0) return;
    const listed = await repo.listWorkflowRuns({
      workflowName: workflow.workflowName,
      branch: workflow.baseBranch,
    });
    if (!listed.ok) {
      report.problems.push(`deploy runs: ${describe(listed.error)}`);
      return;
    }
    const runs = listed.value.filter((run) => isDeployRun(run, workflow));
    for (const proposal of waiting) {
      if (proposal.mergeCommitSha === null) continue;
      report.checked += 1;
      let merge: MergedChange | undefined = { mergeCommitSha: proposal.mergeCommitSha, mergedAt: null };
      if (needsMergeTime(merge, runs)) merge = await mergeOf(proposal, report);
      if (merge === undefined) continue;
      report.add(await rollout.recordDeploy(proposal, deployVerdict(merge, runs), 'reconciler'));
    }
  }

  /** Queues the refresh pass when an owned pull request fell behind its base or got a person's commit. */
  async function upkeep(open: readonly PullRequestState[], report: MutableReport): Promise<void> {
    if (deps.refresh === undefined) return;
    const owned = (await store.proposals.list(['pr_open'], batch)).filter(isOwned);
    if (owned.length === 0) return;
    const heads = new Map(open.map((pr) => [pr.number, pr.headSha]));
    const pushed = owned.some((proposal) => {
      const head = heads.get(proposal.prNumber ?? 0);
      return head !== undefined && !isBotCommit(proposal, head);
    });
    const base = pushed ? undefined : await repo.branchHead(repo.baseBranch);
    if (base !== undefined && !base.ok) {
      report.problems.push(`${repo.baseBranch}: ${describe(base.error)}`);
      return;
    }
    if (pushed || owned.some((proposal) => proposal.prBaseSha !== base?.value))
      await deps.refresh.request('reconciler');
  }

  async function runOnce(): Promise<ReconcileReport> {
    const report = new MutableReport();
    const listed = await repo.listOpenPullRequests(BRANCH_PREFIX);
    if (listed.ok) {
      await pullRequests(listed.value, report);
      await upkeep(listed.value, report);
    } else report.problems.push(`open pull requests: ${describe(listed.error)}`);
    await deploys(report);
    if (deps.expiry !== undefined) {
      const now = clock.now();
      await deps.expiry.scan(now);
      if (listed.ok) for (const result of await deps.expiry.reconcile(listed.value, now)) report.add(result);
    }
    if (report.problems.length > 0)
      logger.warn({ problems: report.problems }, 'reconcile pass met GitHub problems; the next pass retries');
    return report;
  }

  async function request(reason: string): Promise<void> {
    await store.outbox.enqueue(reconcileJob(reason), clock.now());
  }

  return {
    runOnce,
    request,
    handlers: {
      [JOB_RECONCILE]: async () => {
        await runOnce();
        return { kind: 'done' };
      },
    },
    start() {
      const tick = (reason: string) => {
        ticking = request(reason)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not queue a reconcile pass'))
          .finally(() => {
            ticking = undefined;
          });
      };
      tick('startup');
      timer ??= setInterval(() => tick('interval'), deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
  };
}

class MutableReport implements ReconcileReport {
  checked = 0;
  readonly changed: RolloutResult[] = [];
  readonly problems: string[] = [];

  add(result: RolloutResult): void {
    if (result.outcome === 'changed') this.changed.push(result);
  }
}
