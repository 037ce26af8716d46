/**
 * Opening an approved proposal's pull request (outbox job `github.pr.open`). Idempotent and safe to retry:
 *
 * 1. read the rules file at the base branch's head commit;
 * 2. re-create the exception from the approved choice against the rules as they are now (so a second false positive
 *    with the same fields adds a values row to the exception a merged proposal created) and apply it with the
 *    engine's editor (nothing else in the file changes);
 * 3. verify: base rules + edited file load with no new errors or warnings, and the triggering alert is excepted;
 * 4. point the proposal's own branch at that head commit and commit the file with optimistic concurrency; if the
 *    base moved meanwhile (someone edited the rules), start again from 1 on the new head: re-read and re-apply,
 *    never overwrite;
 * 5. open the pull request, or reuse the open one of the branch; labels, reviewers.
 *
 * GitHub outages become retries (the outbox keeps the job); an exception that cannot be written or verified moves
 * the proposal to `pr_failed` with the reason shown in the thread, from where it can be retried.
 */
import { alertSubject } from '../../falco/exceptions/index.js';
import { verify } from '../../falco/exceptions/index.js';
import type { FieldValues } from '../../falco/eval/index.js';
import { applyChange, unifiedDiff } from '../../falco/rules-file-edit/index.js';
import type { ChatPort } from '../ports/index.js';
import { openDraft, synthesizeSelection, type DraftDeps } from '../proposals/index.js';
import { storedImpact } from '../proposals/index.js';
import type { JobHandler, JobOutcome } from '../jobs/index.js';
import { proposalJobPayload } from '../jobs/index.js';
import type { Clock, TriageStore } from '../ports/index.js';
import type { Proposal } from '../ports/index.js';
import { announceProposal } from '../proposals/index.js';
import { pullRequestBody, pullRequestTitle } from './pull-request-body.js';
import { exceptionBranch } from './pull-request-naming.js';
import { describeImpact } from '../../falco/exceptions/index.js';
import {
  describePullRequestStep,
  type PrFailure,
  type PullRequestStep,
  type RepoError,
  type RepoPort,
} from '../ports/index.js';
import type { RulesContext } from '../deployed-rules/index.js';

export interface PullRequestJobDeps extends DraftDeps {
  readonly store: TriageStore;
  readonly repo: RepoPort;
  readonly rules: RulesContext;
  readonly chat: Pick<ChatPort, 'permalink'>;
  readonly clock: Clock;
  readonly rulesFile: string;
  readonly rulesEntry: string | undefined;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
  /** A one-paragraph "why the rule fired" for the PR body (the explain engine), when available. */
  readonly explain?: (proposal: Proposal) => Promise<string | undefined>;
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
    const stored = proposal.exception;

    deps.rules.invalidate();
    const context = await openDraft(deps, { alertId: proposal.alertId }, proposal.falcoTarget);
    if (!context.ok) return fail(proposal, context.error);
    const synthesis = synthesizeSelection(context.value, stored.selection, stored.annotation);
    if (!synthesis.ok) return fail(proposal, synthesis.error);
    if (synthesis.value.predicate !== stored.predicate) {
      return fail(proposal, {
        code: 'rules_changed',
        approved: stored.predicate,
        now: synthesis.value.predicate,
      });
    }

    const branch = exceptionBranch(proposal.id);
    let committed: { diff: string; verification: ReturnType<typeof verify> } | undefined;
    for (let attempt = 0; attempt < MAX_REBASES && committed === undefined; attempt += 1) {
      const head = await repo.branchHead(repo.baseBranch);
      if (!head.ok) return fromRepo(proposal, head.error, { step: 'read_branch', branch: repo.baseBranch });
      const file = await repo.readFile(deps.rulesFile, head.value);
      if (!file.ok) return fromRepo(proposal, file.error, { step: 'read_file', file: deps.rulesFile });
      const before = file.value?.content ?? '';
      const edited = applyChange(
        before,
        synthesis.value,
        deps.rulesEntry === undefined ? {} : { entry: deps.rulesEntry },
      );
      if (!edited.ok)
        return fail(proposal, { code: 'edit_failed', file: deps.rulesFile, detail: edited.error.message });
      const verification = verify({
        base: context.value.rules.base,
        customName: deps.rulesFile,
        customBefore: before,
        customAfter: edited.value.text,
        synthesis: synthesis.value,
        alert: {
          ...alertSubject(context.value.draft.alert),
          fields: context.value.draft.alert.fields as FieldValues,
        },
        falcoVersion: context.value.rules.falcoVersion,
        ...(context.value.rules.fields === undefined ? {} : { fields: context.value.rules.fields }),
      });
      if (!verification.ok)
        return fail(proposal, { code: 'verification_failed', problems: verification.problems });
      const reset = await repo.resetBranch(branch, head.value);
      if (!reset.ok) return fromRepo(proposal, reset.error, { step: 'prepare_branch', branch });
      const write = await repo.writeFile({
        branch,
        path: deps.rulesFile,
        content: edited.value.text,
        expectedSha: file.value?.sha,
        message: `${pullRequestTitle(synthesis.value)}\n\nfalco-triage proposal ${proposal.id}`,
      });
      if (!write.ok) {
        if (write.error.kind === 'conflict') continue;
        return fromRepo(proposal, write.error, { step: 'commit', file: deps.rulesFile });
      }
      const after = await repo.branchHead(repo.baseBranch);
      if (!after.ok) return fromRepo(proposal, after.error, { step: 'read_branch', branch: repo.baseBranch });
      // The base moved while we worked (a human edited the rules): redo the edit on top of their change.
      if (after.value !== head.value) continue;
      committed = { diff: unifiedDiff(deps.rulesFile, before, edited.value.text), verification };
    }
    if (committed === undefined) {
      return {
        kind: 'retry',
        code: 'github_conflict',
        message: 'the rules file kept changing',
        retryAfterMs: 5000,
      };
    }

    const approvals = await store.approvals.list(proposal.id);
    const impact = await storedImpact(deps, context.value.rules, synthesis.value);
    const slackLink =
      proposal.slackChannel !== null && proposal.slackThreadTs !== null
        ? await deps.chat.permalink(proposal.slackChannel, proposal.slackThreadTs).catch(() => undefined)
        : undefined;
    const opened = await repo.openPullRequest({
      branch,
      title: pullRequestTitle(synthesis.value),
      body: pullRequestBody({
        proposal,
        approvers: approvals.map((approval) => approval.userId),
        alert: context.value.draft.alert,
        synthesis: synthesis.value,
        diff: committed.diff,
        verification: committed.verification,
        impact,
        impactText: describeImpact(impact, synthesis.value.rule),
        explanation: await deps.explain?.(proposal),
        slackLink,
        falcoVersion: context.value.draft.falcoVersion,
        rulesFile: deps.rulesFile,
        ...(context.value.draft.target.implicit ? {} : { target: context.value.target.name }),
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
        patch: { prNumber: opened.value.number, prUrl: opened.value.url, branch, statusReason: null },
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
