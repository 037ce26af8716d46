/**
 * Re-applying one open exception pull request on a new base commit, by the engine: the approved choice is drafted
 * again against the rules as they are at that commit (so a second exception on the same rule becomes a values row
 * of the exception another proposal merged, not a second definition Falco would refuse), applied to the rules file's
 * text there, verified as before opening, and committed as one commit whose only parent is the base commit. The
 * branch is then moved to it (a force update of the bot's own branch) and the body's evidence rewritten.
 *
 * When the change no longer makes sense on that base (the rule is gone, the list renamed, the base already excepts
 * the alert), nothing is pushed: the pull request is held with the reason (pr-ownership.ts).
 *
 * The commit is remembered as the bot's before the branch moves, so the `synchronize` webhook of this very push is
 * recognised as the bot's own, whichever arrives first.
 */
import { alertSubject, alreadyExcepted } from '../../falco/exceptions/index.js';
import type { FieldValues } from '../../falco/eval/index.js';
import { unifiedDiff } from '../../falco/rules-file-edit/index.js';
import type { Logger } from '../../logger.js';
import { err, ok } from '../../result.js';
import type { DeployedRules, RulesContext } from '../deployed-rules/index.js';
import { openDraft } from '../proposals/index.js';
import { announceProposal } from '../proposals/index.js';
import type { Clock, PrHold, Proposal, RepoError, RepoFile, RepoPort, RepoResult } from '../ports/index.js';
import type { TriageStore } from '../ports/index.js';
import { editAndVerify, fixedRules, resynthesize } from './exception-edit.js';
import { holdPullRequest, withBotCommit } from './pr-ownership.js';
import { pullRequestTitle } from './pull-request-body.js';
import { pullRequestEvidence, type EvidenceDeps } from './pull-request-evidence.js';

export interface ReapplyDeps extends EvidenceDeps {
  readonly store: TriageStore;
  readonly repo: RepoPort;
  readonly rules: RulesContext;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly rulesEntry: string | undefined;
}

/** The base commit a pass re-applies on: read once, shared by every pull request of the pass. */
export interface BaseCommit {
  readonly sha: string;
  readonly file: RepoFile | undefined;
  /** The default rules with the custom file at `sha`. */
  readonly rules: DeployedRules;
  /** The default rules alone (what an alert fired under, for "does the base already except it?"). */
  readonly defaults: DeployedRules;
}

export type ReapplyOutcome =
  | { readonly kind: 'updated'; readonly commitSha: string }
  | { readonly kind: 'held'; readonly hold: PrHold }
  /** The branch is gone (the pull request was closed) or the proposal moved on meanwhile. */
  | { readonly kind: 'skipped'; readonly why: string }
  /** GitHub is down or raced us: try again later. */
  | { readonly kind: 'retry'; readonly error: RepoError };

/** Reads the rules file at `sha` and loads the rules there. */
export async function readBase(
  deps: Pick<ReapplyDeps, 'repo' | 'rules' | 'rulesFile'>,
  sha: string,
): Promise<RepoResult<BaseCommit>> {
  const read = await deps.repo.readFile(deps.rulesFile, sha);
  if (!read.ok) return read;
  const rules = deps.rules.withCustomFile(read.value);
  const defaults = deps.rules.withCustomFile(undefined);
  if (!rules.ok || !defaults.ok)
    return err({ kind: 'invalid', message: 'FALCO_RULES is not set: there are no rules to verify with' });
  return ok({ sha, file: read.value, rules: rules.value, defaults: defaults.value });
}

export async function reapplyPullRequest(
  deps: ReapplyDeps,
  proposal: Proposal,
  base: BaseCommit,
): Promise<ReapplyOutcome> {
  const { repo, store } = deps;
  const prNumber = proposal.prNumber;
  const prUrl = proposal.prUrl;
  const branch = proposal.branch;
  if (prNumber === null || prUrl === null || branch === null)
    return { kind: 'skipped', why: 'no pull request' };

  const hold = async (reason: PrHold): Promise<ReapplyOutcome> => {
    const held = await store.transaction((tx) =>
      holdPullRequest(tx, proposal, reason, {
        baseBranch: repo.baseBranch,
        clock: deps.clock,
        source: 'refresh',
      }),
    );
    return held ? { kind: 'held', hold: reason } : { kind: 'skipped', why: 'changed meanwhile' };
  };
  const fromGitHub = (error: RepoError): Promise<ReapplyOutcome> | ReapplyOutcome => {
    if (error.kind === 'unavailable' || error.kind === 'conflict') return { kind: 'retry', error };
    if (error.kind === 'not_found') return { kind: 'skipped', why: error.message };
    return hold({ code: 'github_refused', detail: error.message });
  };

  const draftDeps = { ...deps, rules: fixedRules(deps.rules, base.rules) };
  const context = await openDraft(draftDeps, { alertId: proposal.alertId });
  if (!context.ok) return hold({ code: 'no_longer_applies', baseSha: base.sha, problem: context.error });
  const alert = context.value.draft.alert;
  const excepted = alreadyExcepted({
    defaults: base.defaults.load.ruleset,
    withCustom: base.rules.load.ruleset,
    alert: { ...alertSubject(alert), fields: alert.fields as FieldValues },
    falcoVersion: base.rules.falcoVersion,
    ...(base.rules.fields === undefined ? {} : { fields: base.rules.fields }),
  });
  if (excepted !== undefined) return hold({ code: 'already_excepted', baseSha: base.sha, by: excepted });
  const redrafted = resynthesize(context.value, proposal);
  if (!redrafted.ok) return hold({ code: 'no_longer_applies', baseSha: base.sha, problem: redrafted.error });
  const before = base.file?.content ?? '';
  const edited = editAndVerify(redrafted.value, before, { path: deps.rulesFile, entry: deps.rulesEntry });
  if (!edited.ok) return hold({ code: 'no_longer_applies', baseSha: base.sha, problem: edited.error });

  const synthesis = redrafted.value.synthesis;
  const commit = await repo.createCommit({
    parent: base.sha,
    path: deps.rulesFile,
    content: edited.value.text,
    message: `${pullRequestTitle(synthesis)}\n\nfalco-triage proposal ${proposal.id}, re-applied on ${repo.baseBranch} ${base.sha.slice(0, 12)}`,
  });
  if (!commit.ok) return fromGitHub(commit.error);
  const commitSha = commit.value.commitSha;
  const remembered = await store.proposals.transition({
    id: proposal.id,
    from: ['pr_open'],
    to: 'pr_open',
    now: deps.clock.now(),
    expectedVersion: proposal.version,
    patch: { prBotCommits: withBotCommit(proposal, commitSha) },
  });
  if (!remembered.ok) return { kind: 'skipped', why: 'changed meanwhile' };
  const moved = await repo.moveBranch(branch, commitSha);
  if (!moved.ok) return fromGitHub(moved.error);

  const body = await pullRequestEvidence(deps, remembered.value, redrafted.value, {
    diff: unifiedDiff(deps.rulesFile, before, edited.value.text),
    verification: edited.value.verification,
    base: { branch: repo.baseBranch, sha: base.sha, reapplied: true },
  });
  const described = await repo.updatePullRequestBody(prNumber, body);
  if (!described.ok)
    // The commit is what reviewers merge; a stale body is fixed by the next update, never worth a retry of the push.
    deps.logger.warn(
      { proposalId: proposal.id, error: described.error },
      'could not update the pull request body',
    );

  const now = deps.clock.now();
  await store.transaction(async (tx) => {
    const recorded = await tx.proposals.transition({
      id: proposal.id,
      from: ['pr_open'],
      to: 'pr_open',
      now,
      patch: { prBaseSha: base.sha, yaml: synthesis.yaml },
    });
    if (!recorded.ok) return;
    await tx.audit.append({
      at: now,
      actor: 'falco-triage',
      action: 'proposal.pr_refreshed',
      subjectType: 'proposal',
      subjectId: proposal.id,
      details: { prNumber, baseSha: base.sha, commitSha },
    });
    await announceProposal(tx, recorded.value, now, {
      code: 'pr_refreshed',
      pr: { number: prNumber, url: prUrl },
      baseBranch: repo.baseBranch,
      baseSha: base.sha,
      yamlChanged: synthesis.yaml !== proposal.yaml,
    });
  });
  return { kind: 'updated', commitSha };
}
