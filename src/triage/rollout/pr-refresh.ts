/**
 * Pull requests that stay mergeable. Exception pull requests edit the same rules file (often the same `customRules`
 * block), so when one is merged the others conflict or fall behind. Whenever the base branch moves (a merge webhook,
 * a push webhook, the reconciler's pass: each queues the `github.pr.refresh` job, folded into one), this pass brings
 * every open exception pull request the bot still owns onto the new base: the approved change is re-applied there by
 * the engine, verified again and pushed as one fresh commit (reapply-pull-request.ts), and the thread is told.
 *
 * A pull request is left alone, with the reason in its thread and a Retry for approvers, when a person has pushed to
 * its branch (its head is not a commit the bot made) or when the change no longer makes sense on the new base. A
 * Retry queues the same job for that one proposal, which may then replace the person's head it was shown.
 *
 * Cost of a pass after a merge (N pull requests behind): the base's head, the open pull requests (one page per 100)
 * and the rules file at the base, then per pull request a tree, a commit, the branch update and the body (the
 * parent's tree is read once). Passes run one at a time across replicas (ordering key shared with the reconciler).
 */
import type { Logger } from '../../logger.js';
import type { JobHandler, JobOutcome } from '../jobs/index.js';
import { JOB_PR_REFRESH, prRefreshPassJob, prRefreshPayload } from '../jobs/index.js';
import type { PullRequestState, RepoError } from '../ports/index.js';
import { holdPullRequest, isBotCommit, isOwned } from './pr-ownership.js';
import { BRANCH_PREFIX } from './pull-request-naming.js';
import {
  readBase,
  reapplyPullRequest,
  type BaseCommit,
  type ReapplyDeps,
  type ReapplyOutcome,
} from './reapply-pull-request.js';

export interface PrRefreshDeps extends ReapplyDeps {
  readonly logger: Logger;
  /** Pull requests looked at per pass (default 200). */
  readonly batch?: number;
  /** The Falco target whose pull requests this keeps up to date (its repository); absent: every proposal. */
  readonly falcoTarget?: string;
}

export interface RefreshReport {
  readonly updated: number;
  readonly held: number;
  /** Why the pass stopped early (GitHub down); the job is retried. */
  readonly stopped: RepoError | undefined;
}

export interface PrRefresh {
  /** Queues a pass (folded into any pending one). */
  request(reason: string): Promise<void>;
  /** One pass, now, in this process (tests, benchmarks; the job handler). */
  runPass(): Promise<RefreshReport>;
  /** For the outbox job runner: `{ 'github.pr.refresh': … }`. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
}

/** An outage or a lost race is retried by the outbox; a refusal is logged (the next base move tries again). */
function outcomeOf(error: RepoError | undefined, what: string, logger: Logger): JobOutcome {
  if (error === undefined) return { kind: 'done' };
  if (error.kind !== 'unavailable' && error.kind !== 'conflict') {
    logger.warn({ error }, `${what}: GitHub refused`);
    return { kind: 'done' };
  }
  return {
    kind: 'retry',
    code: error.kind === 'unavailable' ? 'github_unavailable' : 'github_conflict',
    message: `${what}: ${error.message}`,
    ...(error.kind === 'unavailable' && error.retryAfterMs !== undefined
      ? { retryAfterMs: error.retryAfterMs }
      : {}),
  };
}

export function createPrRefresh(deps: PrRefreshDeps): PrRefresh {
  const { store, repo, clock, logger } = deps;
  const batch = deps.batch ?? 200;
  const context = { baseBranch: repo.baseBranch, clock, source: 'refresh' };

  async function runPass(): Promise<RefreshReport> {
    const report = { updated: 0, held: 0, stopped: undefined as RepoError | undefined };
    const owned = (await store.proposals.list(['pr_open'], batch, deps.falcoTarget)).filter(isOwned);
    if (owned.length === 0) return report;
    const head = await repo.branchHead(repo.baseBranch);
    if (!head.ok) return { ...report, stopped: head.error };
    const listed = await repo.listOpenPullRequests(BRANCH_PREFIX);
    if (!listed.ok) return { ...report, stopped: listed.error };
    const open = new Map<number, PullRequestState>(listed.value.map((pr) => [pr.number, pr]));
    let base: BaseCommit | undefined;
    for (const seen of owned) {
      // Read again: a webhook may have held it, or the previous pull request's update changed nothing of it.
      const proposal = await store.proposals.get(seen.id);
      if (proposal === undefined || !isOwned(proposal)) continue;
      const pr = open.get(proposal.prNumber ?? 0);
      // Closed or merged meanwhile: the rollout follows it (webhook or reconciler).
      if (pr === undefined || pr.branch !== proposal.branch) continue;
      if (!isBotCommit(proposal, pr.headSha)) {
        const held = await store.transaction((tx) =>
          holdPullRequest(tx, proposal, { code: 'pushed_by_person', headSha: pr.headSha }, context),
        );
        if (held) report.held += 1;
        continue;
      }
      if (proposal.prBaseSha === head.value) continue;
      if (base === undefined) {
        const read = await readBase(deps, head.value);
        if (!read.ok) return { ...report, stopped: read.error };
        base = read.value;
      }
      const outcome = await reapplyPullRequest(deps, proposal, base);
      count(report, outcome);
      if (outcome.kind === 'retry') return { ...report, stopped: outcome.error };
    }
    return report;
  }

  /** An approver's Retry: this proposal again, replacing the person's head they were shown (`acceptHead`). */
  async function retryOne(proposalId: string, acceptHead: string | null): Promise<JobOutcome> {
    const proposal = await store.proposals.get(proposalId);
    if (proposal === undefined || !isOwned(proposal) || proposal.branch === null) return { kind: 'done' };
    const head = await repo.branchHead(repo.baseBranch);
    if (!head.ok) return outcomeOf(head.error, `reading ${repo.baseBranch}`, logger);
    const tip = await repo.branchHead(proposal.branch);
    if (!tip.ok) {
      if (tip.error.kind === 'not_found') return { kind: 'done' };
      return outcomeOf(tip.error, `reading ${proposal.branch}`, logger);
    }
    // A pass queued before the click may have rebuilt it on this base already.
    if (
      tip.value !== acceptHead &&
      tip.value === proposal.prBotCommits.at(-1) &&
      proposal.prBaseSha === head.value
    )
      return { kind: 'done' };
    if (!isBotCommit(proposal, tip.value) && tip.value !== acceptHead) {
      // Someone pushed again after the approver looked: their new work is not replaced without a new look.
      await store.transaction((tx) =>
        holdPullRequest(tx, proposal, { code: 'pushed_by_person', headSha: tip.value }, context),
      );
      return { kind: 'done' };
    }
    const base = await readBase(deps, head.value);
    if (!base.ok) return outcomeOf(base.error, `reading ${deps.rulesFile}`, logger);
    const outcome = await reapplyPullRequest(deps, proposal, base.value);
    return outcomeOf(
      outcome.kind === 'retry' ? outcome.error : undefined,
      'updating the pull request',
      logger,
    );
  }

  return {
    runPass,
    async request(reason) {
      await store.outbox.enqueue(prRefreshPassJob(reason, deps.falcoTarget), clock.now());
    },
    handlers: {
      [JOB_PR_REFRESH]: async (job) => {
        const payload = prRefreshPayload.parse(job.payload);
        if ('proposalId' in payload) return retryOne(payload.proposalId, payload.acceptHead);
        const report = await runPass();
        if (report.updated + report.held > 0)
          logger.info({ reason: payload.reason, ...report }, 'exception pull requests brought up to date');
        return outcomeOf(report.stopped, 'bringing exception pull requests up to date', logger);
      },
    },
  };
}

function count(report: { updated: number; held: number }, outcome: ReapplyOutcome): void {
  if (outcome.kind === 'updated') report.updated += 1;
  if (outcome.kind === 'held') report.held += 1;
}
