/**
 * Opening an approved proposal's pull request (outbox job `github.pr.open`). Idempotent and safe to retry:
 *
 * 1. read the rules file at the base branch's head commit;
 * 2. re-create the exception from the approved choice against the rules as they are now (so a second false positive
 *    with the same fields adds a values row to the exception a merged proposal created) and apply it with the
 *    engine's editor (nothing else in the file changes);
 * 3. verify: base rules + edited file load with no new errors or warnings, and the triggering alert is excepted
 *    (2 and 3: exception-edit.ts, shared with the refresh that keeps the pull request on top of its base);
 * 4. point the proposal's own branch at that head commit and commit the file with optimistic concurrency; if the
 *    base moved meanwhile (someone edited the rules), start again from 1 on the new head: re-read and re-apply,
 *    never overwrite;
 * 5. open the pull request, or reuse the open one of the branch; labels, reviewers.
 *
 * GitHub outages become retries (the outbox keeps the job); an exception that cannot be written or verified moves
 * the proposal to `pr_failed` with the reason shown in the thread, from where it can be retried.
 */
import { unifiedDiff } from '../../falco/rules-file-edit/index.js';
import type { Verification } from '../../falco/exceptions/index.js';
import type { JobHandler, JobOutcome } from '../jobs/index.js';
import { proposalJobPayload } from '../jobs/index.js';
import type { Clock, TriageStore } from '../ports/index.js';
import type { Proposal } from '../ports/index.js';
import { announceProposal } from '../proposals/index.js';
import { editAndVerify, redraft } from './exception-edit.js';
import { pullRequestTitle } from './pull-request-body.js';
import { pullRequestEvidence, type EvidenceDeps } from './pull-request-evidence.js';
import { exceptionBranch } from './pull-request-naming.js';
import {
  describePullRequestStep,
  type PrFailure,
  type PullRequestStep,
  type RepoError,
  type RepoPort,
} from '../ports/index.js';
import type { RulesContext } from '../deployed-rules/index.js';

export interface PullRequestJobDeps extends EvidenceDeps {
  readonly store: TriageStore;
  readonly repo: RepoPort;
  readonly rules: RulesContext;
  readonly clock: Clock;
  readonly rulesEntry: string | undefined;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
}

const MAX_REBASES = 3;

/** A GitHub outage or a lost race: the outbox retries the job. */
function retry(
  error: Extract<RepoError, { kind: 'unavailable' | 'conflict' }>,
  step: PullRequestStep,
): JobOutcome {
  const message = `${describePullRequestStep(step)}: ${error.message}`;
  return error.kind === 'unavailable'
    ? {
        kind: 'retry',
        code: 'github_unavailable',
        message,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      }
    : { kind: 'retry', code: 'github_conflict', message, retryAfterMs: 1000 };
}

export function pullRequestJob(deps: PullRequestJobDeps): JobHandler {
  const { store, repo, clock } = deps;

  async function fail(proposal: Proposal, failure: PrFailure): Promise<JobOutcome> {
    const now = clock.now();
    await store.transaction(async (tx) => {
      const changed = await tx.proposals.transition({
        id: proposal.id,
        from: ['approved'],
        to: 'pr_failed',
        now,
        patch: { statusReason: null, prFailure: failure },
      });
      if (!changed.ok) return;
      await tx.audit.append({
        at: now,
        actor: 'falco-triage',
        action: 'proposal.pr_failed',
        subjectType: 'proposal',
        subjectId: proposal.id,
        details: { failure },
      });
      await announceProposal(tx, changed.value, now, { code: 'pr_failed', failure });
    });
    return { kind: 'done' };
  }

  /** A GitHub failure: retried when it is an outage, otherwise the proposal shows it and waits for a retry. */
  function fromRepo(proposal: Proposal, error: RepoError, step: PullRequestStep): Promise<JobOutcome> {
    switch (error.kind) {
      case 'unavailable':
      case 'conflict':
        return Promise.resolve(retry(error, step));
      case 'not_found':
      case 'forbidden':
      case 'invalid':
        return fail(proposal, { code: 'github_refused', step, kind: error.kind, detail: error.message });
    }
  }

  return async (job) => {
    const { proposalId } = proposalJobPayload.parse(job.payload);
    const proposal = await store.proposals.get(proposalId);
    if (proposal === undefined || proposal.status !== 'approved') return { kind: 'done' };
    deps.rules.invalidate();
    const redrafted = await redraft(deps, proposal);
    if (!redrafted.ok) return fail(proposal, redrafted.error);
    const { synthesis } = redrafted.value;

    const branch = exceptionBranch(proposal.id);
    const file = { path: deps.rulesFile, entry: deps.rulesEntry };
    let committed:
      { diff: string; verification: Verification; baseSha: string; commitSha: string } | undefined;
    for (let attempt = 0; attempt < MAX_REBASES && committed === undefined; attempt += 1) {
      const head = await repo.branchHead(repo.baseBranch);
      if (!head.ok) return fromRepo(proposal, head.error, { step: 'read_branch', branch: repo.baseBranch });
      const read = await repo.readFile(deps.rulesFile, head.value);
      if (!read.ok) return fromRepo(proposal, read.error, { step: 'read_file', file: deps.rulesFile });
      const before = read.value?.content ?? '';
      const edited = editAndVerify(redrafted.value, before, file);
      if (!edited.ok) return fail(proposal, edited.error);
      const reset = await repo.resetBranch(branch, head.value);
      if (!reset.ok) return fromRepo(proposal, reset.error, { step: 'prepare_branch', branch });
      const write = await repo.writeFile({
        branch,
        path: deps.rulesFile,
        content: edited.value.text,
        expectedSha: read.value?.sha,
        message: `${pullRequestTitle(synthesis)}\n\nfalco-triage proposal ${proposal.id}`,
      });
      if (!write.ok) {
        if (write.error.kind === 'conflict') continue;
        return fromRepo(proposal, write.error, { step: 'commit', file: deps.rulesFile });
      }
      const after = await repo.branchHead(repo.baseBranch);
      if (!after.ok) return fromRepo(proposal, after.error, { step: 'read_branch', branch: repo.baseBranch });
      // The base moved while we worked (a human edited the rules): redo the edit on top of their change.
      if (after.value !== head.value) continue;
      committed = {
        diff: unifiedDiff(deps.rulesFile, before, edited.value.text),
        verification: edited.value.verification,
        baseSha: head.value,
        commitSha: write.value.commitSha,
      };
    }
    if (committed === undefined) {
      return {
        kind: 'retry',
        code: 'github_conflict',
        message: 'the rules file kept changing',
        retryAfterMs: 5000,
      };
    }

    const opened = await repo.openPullRequest({
      branch,
      title: pullRequestTitle(synthesis),
      body: await pullRequestEvidence(deps, proposal, redrafted.value, {
        diff: committed.diff,
        verification: committed.verification,
        base: { branch: repo.baseBranch, sha: committed.baseSha, reapplied: false },
      }),
      labels: deps.labels,
      reviewers: deps.reviewers,
    });
    if (!opened.ok) return fromRepo(proposal, opened.error, { step: 'open_pull_request' });
    const now = clock.now();
    await store.transaction(async (tx) => {
      const changed = await tx.proposals.transition({
        id: proposal.id,
        from: ['approved'],
        to: 'pr_open',
        now,
        patch: {
          prNumber: opened.value.number,
          prUrl: opened.value.url,
          branch,
          statusReason: null,
          // The bot owns the branch from here: what it built on and the commit it made (rollout/pr-refresh.ts).
          prBaseSha: committed.baseSha,
          prBotCommits: [committed.commitSha],
          prHold: null,
        },
      });
      if (!changed.ok) return;
      await tx.audit.append({
        at: now,
        actor: 'falco-triage',
        action: 'proposal.pr_open',
        subjectType: 'proposal',
        subjectId: proposal.id,
        details: { pr: opened.value.number, url: opened.value.url, created: opened.value.created },
      });
      await announceProposal(tx, changed.value, now, {
        code: 'pr_opened',
        pr: { number: opened.value.number, url: opened.value.url },
        warnings: opened.value.warnings ?? [],
      });
    });
    return { kind: 'done' };
  };
}
