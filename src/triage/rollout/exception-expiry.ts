/**
 * Expiring exceptions. A proposal may carry `exceptionExpiresAt` (the annotation comment written with the exception
 * names it); once it passes, the reconcile pass queues one `github.pr.remove` job per proposal (queued once: a
 * removal PR a reviewer closed is not reopened behind their back). The job opens a pull request on
 * `removalBranch(id)` that takes exactly that exception out of the rules file (`removeChange`), checked by the
 * engine first (the file still loads without new errors), and tells the original thread. Merging it moves the
 * proposal to `removed` (webhook, or the reconcile pass finding the exception gone from the base branch).
 */
import { removeChange, unifiedDiff } from '../../falco/rules-file-edit/index.js';
import type { Logger } from '../../logger.js';
import type { JobHandler, JobOutcome } from '../jobs/index.js';
import { JOB_PR_REMOVE, proposalJobPayload } from '../jobs/index.js';
import type { Clock, TriageStore } from '../ports/index.js';
import type { Proposal, ProposalStatus, RemovalProblem } from '../ports/index.js';
import { announceProposal } from '../proposals/index.js';
import { removalBranch } from './pull-request-naming.js';
import type { RemovalCheck } from './removal-check.js';
import { removalBody, removalCommitMessage, removalTitle, storedChange } from './removal-pr.js';
import type { PullRequestState, RepoError, RepoPort } from '../ports/index.js';
import type { ExpiryPass } from './reconciler.js';
import { removalJob, removalKey } from './rollout-jobs.js';
import { moveProposal, type RolloutResult, type Source } from './rollout-move.js';
import { reasons } from './status-reasons.js';

export interface ExpiryDeps {
  readonly store: TriageStore;
  readonly repo: Pick<
    RepoPort,
    | 'baseBranch'
    | 'branchHead'
    | 'readFile'
    | 'resetBranch'
    | 'writeFile'
    | 'openPullRequest'
    | 'listOpenPullRequests'
  >;
  readonly clock: Clock;
  readonly logger: Logger;
  /** RULES_FILE: the plain rules file or Helm values file in the rules repository. */
  readonly rulesFile: string;
  /** GITHUB_PR_LABELS / GITHUB_PR_REVIEWERS, as for exception pull requests. */
  readonly labels?: readonly string[];
  readonly reviewers?: readonly string[];
  /** The engine's check (`createRemovalCheck`). */
  readonly check: RemovalCheck;
  /** The `customRules` entry looked at first in a values file (default `custom_rules.yaml`). */
  readonly entry?: string;
  /** Expired exceptions handled per pass (default 100). */
  readonly batch?: number;
  /** The target whose rules file these jobs edit: only its proposals are looked at (per-target.ts). */
  readonly falcoTarget?: string;
}

export interface ExpiryJobs extends ExpiryPass {
  /** For the outbox job runner: `{ 'github.pr.remove': … }`. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** The removal job's work for one proposal, now. */
  remove(proposalId: string): Promise<JobOutcome>;
}

const LIVE: readonly ProposalStatus[] = ['merged', 'deployed', 'deploy_failed'];

function repoFailure(error: RepoError): JobOutcome {
  switch (error.kind) {
    case 'unavailable':
      return {
        kind: 'retry',
        code: 'github_unavailable',
        message: error.message,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      };
    case 'conflict':
      return { kind: 'retry', code: 'github_conflict', message: error.message };
    case 'not_found':
    case 'forbidden':
    case 'invalid':
      return { kind: 'fail', code: 'github_refused', message: `${error.kind}: ${error.message}` };
  }
}

export function createExpiryJobs(deps: ExpiryDeps): ExpiryJobs {
  const { store, repo, clock, logger, rulesFile } = deps;
  const batch = deps.batch ?? 100;
  const options = (annotation: string | undefined) => ({
    ...(annotation === undefined ? {} : { annotation }),
    ...(deps.entry === undefined ? {} : { entry: deps.entry }),
  });

  /** Tells the thread why the removal could not be made (and audits it); the job ends. */
  async function tell(proposal: Proposal, problem: RemovalProblem, outcome: JobOutcome = { kind: 'done' }) {
    const now = clock.now();
    await store.transaction(async (tx) => {
      await announceProposal(tx, proposal, now, {
        code: 'removal_failed',
        expiredAt: proposal.exceptionExpiresAt?.toISOString() ?? null,
        problem,
        file: rulesFile,
      });
      await tx.audit.append({
        at: now,
        actor: 'falco-triage',
        action: 'proposal.removal_failed',
        subjectType: 'proposal',
        subjectId: proposal.id,
        details: { problem },
      });
    });
    logger.warn({ proposalId: proposal.id, problem }, 'expired exception not removed');
    return outcome;
  }

  function markRemoved(proposal: Proposal, source: Source): Promise<RolloutResult> {
    return store.transaction((tx) =>
      moveProposal(
        tx,
        proposal,
        {
          from: LIVE,
          to: 'removed',
          patch: { statusReason: reasons.removed(undefined) },
          note: { code: 'removed_outside', file: rulesFile, branch: repo.baseBranch },
          action: 'proposal.removed',
          actor: 'falco-triage',
          source,
        },
        clock.now(),
        logger,
      ),
    );
  }

  async function remove(proposalId: string): Promise<JobOutcome> {
    const proposal = await store.proposals.get(proposalId);
    if (proposal === undefined || !LIVE.includes(proposal.status)) return { kind: 'done' };
    const stored = storedChange(proposal);
    if (!stored.ok) return tell(proposal, stored.error);
    const branch = removalBranch(proposal.id);
    const open = await repo.listOpenPullRequests(branch);
    if (!open.ok) return repoFailure(open.error);
    // A rerun of this job after the pull request was opened: nothing to do.
    if (open.value.some((pr) => pr.branch === branch)) return { kind: 'done' };
    const head = await repo.branchHead(repo.baseBranch);
    if (!head.ok) return repoFailure(head.error);
    const file = await repo.readFile(rulesFile, head.value);
    if (!file.ok) return repoFailure(file.error);
    if (file.value === undefined)
      return tell(proposal, { code: 'rules_file_missing', file: rulesFile, branch: repo.baseBranch });
    const removed = removeChange(file.value.content, stored.value.change, options(stored.value.annotation));
    if (!removed.ok) {
      if (removed.error.code !== 'not_found')
        return tell(proposal, { code: 'not_removable', detail: removed.error.message });
      await markRemoved(proposal, 'expiry');
      return { kind: 'done' };
    }
    const checked = await deps.check(rulesFile, file.value.content, removed.value.text);
    if (!checked.ok) return tell(proposal, checked.error);

    const reset = await repo.resetBranch(branch, head.value);
    if (!reset.ok) return repoFailure(reset.error);
    const written = await repo.writeFile({
      branch,
      path: rulesFile,
      content: removed.value.text,
      expectedSha: file.value.sha,
      message: removalCommitMessage(proposal),
    });
    if (!written.ok) return repoFailure(written.error);
    const pr = await repo.openPullRequest({
      branch,
      title: removalTitle(proposal, stored.value),
      body: removalBody({
        proposal,
        change: stored.value,
        rulesFile,
        diff: unifiedDiff(rulesFile, file.value.content, removed.value.text),
      }),
      labels: deps.labels ?? [],
      reviewers: deps.reviewers ?? [],
    });
    if (!pr.ok) {
      if (pr.error.kind === 'forbidden' || pr.error.kind === 'invalid')
        return tell(proposal, { code: 'github_refused', detail: pr.error.message }, repoFailure(pr.error));
      return repoFailure(pr.error);
    }
    const now = clock.now();
    await store.transaction(async (tx) => {
      const current = (await tx.proposals.get(proposal.id)) ?? proposal;
      await announceProposal(tx, current, now, {
        code: 'removal_opened',
        expiredAt: proposal.exceptionExpiresAt?.toISOString() ?? null,
        pr: { number: pr.value.number, url: pr.value.url },
      });
      await tx.audit.append({
        at: now,
        actor: 'falco-triage',
        action: 'proposal.removal_opened',
        subjectType: 'proposal',
        subjectId: proposal.id,
        details: { prNumber: pr.value.number, prUrl: pr.value.url },
      });
    });
    return { kind: 'done' };
  }

  async function scan(now: Date): Promise<number> {
    let queued = 0;
    for (const proposal of await store.proposals.listExceptionsExpired(now, batch, deps.falcoTarget)) {
      if (await store.outbox.hasJob(removalKey(proposal.id))) continue;
      // Two replicas racing here fold into one pending job (same coalesce key).
      await store.outbox.enqueue(removalJob(proposal.id), now);
      queued += 1;
    }
    return queued;
  }

  async function reconcile(openPulls: readonly PullRequestState[], now: Date): Promise<RolloutResult[]> {
    const open = new Set(openPulls.map((pr) => pr.branch));
    const awaiting: Proposal[] = [];
    for (const proposal of await store.proposals.listExceptionsExpired(now, batch, deps.falcoTarget)) {
      if (open.has(removalBranch(proposal.id))) continue;
      if (await store.outbox.hasJob(removalKey(proposal.id))) awaiting.push(proposal);
    }
    if (awaiting.length === 0) return [];
    const file = await repo.readFile(rulesFile, repo.baseBranch);
    if (!file.ok || file.value === undefined) return [];
    const results: RolloutResult[] = [];
    for (const proposal of awaiting) {
      const stored = storedChange(proposal);
      if (!stored.ok) continue;
      const still = removeChange(file.value.content, stored.value.change, options(stored.value.annotation));
      if (!still.ok && still.error.code === 'not_found')
        results.push(await markRemoved(proposal, 'reconciler'));
    }
    return results;
  }

  return {
    scan,
    reconcile,
    remove,
    handlers: {
      [JOB_PR_REMOVE]: async (job) => {
        const payload = proposalJobPayload.safeParse(job.payload);
        if (!payload.success)
          return { kind: 'fail', code: 'internal', message: 'a removal job without a proposalId' };
        return remove(payload.data.proposalId);
      },
    },
  };
}
