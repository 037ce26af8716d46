/**
 * Following an exception after its pull request: GitHub events (webhooks, or the reconciler's polling) move the
 * proposal through `pr_open → merged → deployed | deploy_failed`, or `closed_unmerged` (reopened ▶ `pr_open`), and
 * a merged removal pull request to `removed`. Each change is one short transaction: a compare-and-set transition,
 * the announcement (proposal message, alert badge, thread note) and an audit entry, all through the outbox. A
 * redelivered event finds the proposal already moved and changes nothing; the webhook and the reconciler racing
 * produce one change.
 *
 * The bot owns its exception branches (pr-ownership.ts): a `synchronize` to a commit it made is its own update and
 * changes nothing; to any other commit, a person pushed, and the bot stops keeping that pull request up to date. A
 * merge into the base branch, or a push to it, queues the refresh pass (pr-refresh.ts) that brings the others onto
 * the new base.
 *
 * Mapping back: a pull request by its branch (`exceptionBranch`/`removalBranch`), the hidden marker in its body, or
 * its number; a deploy run by its head commit (the merge commit). A run for a later commit can deploy other merged
 * exceptions too (`deploy-runs.ts`): deciding that needs GitHub data, so the webhook asks for a reconcile pass.
 */
import type { Logger } from '../../logger.js';
import { deployVerdict, isDeployRun, runOutcome, type DeployVerdict } from './deploy-runs.js';
import type { Clock, TriageRepos, TriageStore } from '../ports/index.js';
import type { Proposal, ProposalStatus, ThreadNote } from '../ports/index.js';
import { prRefreshPassJob } from '../jobs/index.js';
import { ownedPullSeen } from './pr-ownership.js';
import { proposalOf } from './proposal-of-pull.js';
import type { PullRequestState, WorkflowRunState } from '../ports/index.js';
import { reconcileJob } from './rollout-jobs.js';
import {
  ignored,
  moveProposal,
  noteOnly as noteOnlyAt,
  unchanged,
  type Move,
  type RolloutResult,
  type Source,
} from './rollout-move.js';
import { reasons } from './status-reasons.js';

export type { RolloutResult, Source } from './rollout-move.js';

/** The webhook events the rollout reads (the GitHub adapter's `WebhookEvent` fits this shape). */
export type RolloutEvent =
  | {
      readonly kind: 'pull_request';
      readonly deliveryId: string;
      readonly action: 'closed' | 'reopened' | 'synchronize';
      /** The branch the pull request merges into: a merge into GITHUB_BASE_BRANCH moves the base. */
      readonly baseBranch?: string;
      readonly pullRequest: PullRequestState;
    }
  /** A push to `branch`; to the base branch, it moves the base under every open exception pull request. */
  | { readonly kind: 'push'; readonly deliveryId: string; readonly branch: string; readonly after: string }
  | { readonly kind: 'workflow_run'; readonly deliveryId: string; readonly run: WorkflowRunState }
  | { readonly kind: 'ping' | 'ignored'; readonly deliveryId: string };

export interface RolloutDeps {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** GITHUB_DEPLOY_WORKFLOW. */
  readonly deployWorkflow: string;
  /** GITHUB_BASE_BRANCH: only runs on it deploy. */
  readonly baseBranch: string;
  /** The target whose repository this rollout follows: only its proposals are looked at (per-target.ts). */
  readonly falcoTarget?: string;
}

export interface Rollout {
  /** A verified webhook event. */
  handle(event: RolloutEvent): Promise<RolloutResult>;
  /** A pull request as GitHub shows it now (webhook payload or a poll): its proposal converges to it. */
  pullRequestSeen(pr: PullRequestState, source: Source, action?: 'synchronize'): Promise<RolloutResult>;
  /** A deploy verdict for a merged proposal (the reconciler computes it over recent runs). */
  recordDeploy(proposal: Proposal, verdict: DeployVerdict, source: Source): Promise<RolloutResult>;
}

const MERGEABLE: readonly ProposalStatus[] = ['pr_open', 'closed_unmerged', 'approved', 'pr_failed'];
const LIVE_EXCEPTION: readonly ProposalStatus[] = ['merged', 'deployed', 'deploy_failed'];
const AWAITING_DEPLOY: readonly ProposalStatus[] = ['merged', 'deploy_failed'];

export function createRollout(deps: RolloutDeps): Rollout {
  const { store, clock, logger } = deps;
  const workflow = { workflowName: deps.deployWorkflow, baseBranch: deps.baseBranch };

  const move = (tx: TriageRepos, proposal: Proposal, change: Move) =>
    moveProposal(tx, proposal, change, clock.now(), logger);
  const noteOnly = (tx: TriageRepos, proposal: Proposal, note: ThreadNote, detail: string) =>
    noteOnlyAt(tx, proposal, note, detail, clock.now());

  function actorOf(pr: PullRequestState): string {
    return pr.mergedBy === null ? 'github' : `github:${pr.mergedBy}`;
  }

  async function exceptionPull(
    tx: TriageRepos,
    proposal: Proposal,
    pr: PullRequestState,
    source: Source,
    action: 'synchronize' | undefined,
  ): Promise<RolloutResult> {
    const ref = { number: pr.number, url: pr.url };
    const where = { prNumber: pr.number, prUrl: pr.url, branch: pr.branch };
    const common = { actor: actorOf(pr), source, details: { prNumber: pr.number } };
    if (pr.merged && pr.mergeCommitSha !== null) {
      return move(tx, proposal, {
        ...common,
        from: MERGEABLE,
        to: 'merged',
        patch: {
          ...where,
          mergeCommitSha: pr.mergeCommitSha,
          statusReason: reasons.merged(ref, pr.mergedBy),
        },
        note: { code: 'pr_merged', pr: ref, by: pr.mergedBy },
        action: 'proposal.pr_merged',
        details: { prNumber: pr.number, mergeCommitSha: pr.mergeCommitSha },
      });
    }
    if (pr.state === 'closed') {
      return move(tx, proposal, {
        ...common,
        from: ['pr_open'],
        to: 'closed_unmerged',
        patch: { statusReason: reasons.closedUnmerged(ref) },
        note: { code: 'pr_closed', pr: ref },
        action: 'proposal.pr_closed',
      });
    }
    if (proposal.status === 'closed_unmerged') {
      return move(tx, proposal, {
        ...common,
        from: ['closed_unmerged'],
        to: 'pr_open',
        patch: { ...where, statusReason: reasons.reopened(ref) },
        note: { code: 'pr_reopened', pr: ref },
        action: 'proposal.pr_reopened',
      });
    }
    if (proposal.status === 'pr_open' && proposal.prNumber === pr.number) {
      if (proposal.prBotCommits.length > 0)
        return ownedPullSeen(tx, proposal, pr.headSha, { baseBranch: deps.baseBranch, clock, source });
      // Opened before the bot kept its branches: people are asked to check what was pushed.
      if (action === 'synchronize')
        return noteOnly(
          tx,
          proposal,
          { code: 'pr_updated', pr: ref, headSha: pr.headSha },
          'pull request updated',
        );
    }
    return unchanged(proposal, 'no change');
  }

  async function removalPull(
    tx: TriageRepos,
    proposal: Proposal,
    pr: PullRequestState,
    source: Source,
    action: 'synchronize' | undefined,
  ): Promise<RolloutResult> {
    const ref = { number: pr.number, url: pr.url };
    if (!LIVE_EXCEPTION.includes(proposal.status)) return unchanged(proposal, 'no change');
    if (pr.merged) {
      return move(tx, proposal, {
        from: LIVE_EXCEPTION,
        to: 'removed',
        patch: { statusReason: reasons.removed(ref) },
        note: { code: 'removal_merged', pr: ref, by: pr.mergedBy },
        action: 'proposal.removed',
        actor: actorOf(pr),
        source,
        details: { removalPrNumber: pr.number },
      });
    }
    // Closing or reopening a removal pull request changes no state; only webhooks report it (once per event).
    if (source !== 'webhook' || action === 'synchronize') return unchanged(proposal, 'no change');
    return pr.state === 'closed'
      ? noteOnly(tx, proposal, { code: 'removal_closed', pr: ref }, 'removal pull request closed')
      : noteOnly(tx, proposal, { code: 'removal_reopened', pr: ref }, 'removal pull request reopened');
  }

  async function pullRequestSeen(
    pr: PullRequestState,
    source: Source,
    action?: 'synchronize',
  ): Promise<RolloutResult> {
    return store.transaction(async (tx) => {
      const found = await proposalOf(tx, pr, deps.falcoTarget);
      if (found === undefined) return ignored(`pull request #${pr.number} is not an exception of this bot`);
      return found.kind === 'removal'
        ? removalPull(tx, found.proposal, pr, source, action)
        : exceptionPull(tx, found.proposal, pr, source, action);
    });
  }

  async function recordDeployIn(
    tx: TriageRepos,
    proposal: Proposal,
    verdict: DeployVerdict,
    source: Source,
  ): Promise<RolloutResult> {
    if (verdict.kind === 'waiting') return unchanged(proposal, 'waiting for a deploy run');
    const run = verdict.run;
    const patch = { deployRunId: run.id, deployRunUrl: run.url, deployRunNumber: run.number };
    const common = { actor: 'github', source, details: { runId: run.id, runNumber: run.number } };
    if (verdict.kind === 'deployed') {
      return move(tx, proposal, {
        ...common,
        from: AWAITING_DEPLOY,
        to: 'deployed',
        patch: { ...patch, statusReason: reasons.deployed(run) },
        note: { code: 'deployed', run: { number: run.number, url: run.url } },
        action: 'proposal.deployed',
      });
    }
    if (proposal.status === 'deploy_failed' && proposal.deployRunId === run.id)
      return {
        outcome: 'unchanged',
        proposalId: proposal.id,
        status: proposal.status,
        detail: 'known failure',
      };
    return move(tx, proposal, {
      ...common,
      from: AWAITING_DEPLOY,
      to: 'deploy_failed',
      patch: { ...patch, statusReason: reasons.deployFailed(run) },
      note: {
        code: 'deploy_failed',
        run: { number: run.number, url: run.url },
        conclusion: run.conclusion,
      },
      action: 'proposal.deploy_failed',
    });
  }

  async function deployRunCompleted(run: WorkflowRunState): Promise<RolloutResult> {
    if (!isDeployRun(run, workflow))
      return ignored(
        `run #${run.number} of "${run.name}" (${run.event} on ${run.headBranch ?? '?'}) is no deploy`,
      );
    const outcome = runOutcome(run);
    if (outcome === undefined) return ignored(`run #${run.number} concluded ${run.conclusion ?? 'nothing'}`);
    return store.transaction(async (tx) => {
      const own = await tx.proposals.findByMergeCommit(run.headSha, deps.falcoTarget);
      let result: RolloutResult = ignored(`run #${run.number} deploys no merge the bot knows`);
      if (own !== undefined && AWAITING_DEPLOY.includes(own.status)) {
        const merge = { mergeCommitSha: run.headSha, mergedAt: null };
        result = await recordDeployIn(tx, own, deployVerdict(merge, [run]), 'webhook');
      }
      // Earlier merges (and merges whose webhook was missed) may be deployed by this run too: a reconcile pass
      // decides with the merge times and the run list.
      const others = await tx.proposals.list(['pr_open', ...AWAITING_DEPLOY], 2, deps.falcoTarget);
      if (others.some((other) => other.id !== own?.id))
        await tx.outbox.enqueue(reconcileJob(`deploy run #${run.number}`), clock.now());
      return result;
    });
  }

  /** The base branch moved: the refresh pass brings the open exception pull requests onto it. */
  async function baseMoved(reason: string): Promise<void> {
    await store.outbox.enqueue(prRefreshPassJob(reason, deps.falcoTarget), clock.now());
  }

  return {
    async handle(event) {
      switch (event.kind) {
        case 'pull_request': {
          const pr = event.pullRequest;
          const result = await pullRequestSeen(
            pr,
            'webhook',
            event.action === 'synchronize' ? 'synchronize' : undefined,
          );
          if (pr.merged && (event.baseBranch ?? deps.baseBranch) === deps.baseBranch)
            await baseMoved(`pull request #${pr.number} merged`);
          return result;
        }
        case 'push':
          if (event.branch !== deps.baseBranch) return ignored(`push to ${event.branch}`);
          await baseMoved(`push to ${event.branch}`);
          return ignored(`push to ${event.branch}: open exception pull requests are brought up to date`);
        case 'workflow_run':
          return deployRunCompleted(event.run);
        case 'ping':
          return ignored('ping');
        case 'ignored':
          return ignored('not followed');
      }
    },
    pullRequestSeen,
    recordDeploy: (proposal, verdict, source) =>
      store.transaction((tx) => recordDeployIn(tx, proposal, verdict, source)),
  };
}
