/**
 * Proposals: created from the false-positive modal, approved or rejected in Slack, expired when nobody decides.
 * Every decision is taken from stored state inside a transaction (the proposal row is locked while approvals are
 * counted), so double clicks, Slack retries and two approvers at the same instant lead to exactly one approval and
 * one pull request job. Every decision and every refusal worth knowing is audited.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '../../falco/alert/index.js';
import { err, ok, type Result } from '../../result.js';
import type { ApproverPolicy } from './approver-policy.js';
import {
  openDraft,
  synthesizeSelection,
  type DraftDeps,
  type DraftSelection,
  type DraftSource,
} from './exception-draft.js';
import { storedImpact } from './stored-impact.js';
import { JOB_PR_OPEN, JOB_PROPOSAL_POST, proposalKey } from '../jobs/index.js';
import { retryUpdate } from './retry-update.js';
import type { Clock, IdFactory, TriageStore } from '../ports/index.js';
import type {
  DecisionRefusal,
  Proposal,
  StoredException,
  SubmitProblem,
  SubmitReason,
} from '../ports/index.js';
import { announceProposal } from './proposal-notify.js';

export interface SubmitInput {
  readonly source: DraftSource;
  readonly userId: string;
  readonly selection: DraftSelection;
  readonly justification: string;
  /** The exception's own expiry (a date, end of that day UTC), if any. */
  readonly expiresOn: string | undefined;
  /** The proposer confirmed that the change makes other rules fire more (required when it does). */
  readonly confirmedWidening?: boolean;
}

export type SubmitOutcome =
  | { readonly kind: 'created'; readonly proposal: Proposal }
  | { readonly kind: 'equivalent'; readonly proposal: Proposal };

/** A decision taken (the proposal as it now is), or why it was refused. */
export type DecisionOutcome = Result<Proposal, DecisionRefusal>;

export type { StoredException } from '../ports/index.js';

export interface ProposalsDeps extends DraftDeps {
  /**
   * Where a proposal without an alert thread (a pasted alert, a shortcut) is posted: the channel the alert's route
   * posts to, else the default channel; undefined when neither exists.
   */
  readonly proposalChannel?: (alert: Alert) => string | undefined;
  readonly newId: IdFactory;
  readonly approvers: ApproverPolicy;
  readonly requiredApprovals: number;
  readonly proposalTtlHours: number;
  /** False without a GitHub configuration: approvals then open no pull request, and retries are refused. */
  readonly githubConfigured: boolean;
  readonly clock: Clock;
  readonly store: TriageStore;
}

const MIN_JUSTIFICATION = 10;
const MAX_EXPIRY_DAYS = 366;

/**
 * Same rule, same change: the same key. The same exception for two targets is two exceptions (two repositories or
 * files), so a named target is part of the key; the short form's one target keeps the key proposals had before
 * targets, so they are still found as equivalent.
 */
function equivalenceKey(
  falcoTarget: string | undefined,
  rule: string,
  strategy: string,
  target: string,
  predicate: string,
): string {
  const parts = [rule, strategy, target, predicate];
  return createHash('sha256')
    .update(JSON.stringify(falcoTarget === undefined ? parts : [...parts, falcoTarget]))
    .digest('hex');
}

function refused(field: SubmitProblem['field'], problem: SubmitReason): Result<never, SubmitProblem> {
  return err({ field, problem });
}

function parseExpiry(text: string | undefined, now: Date): Result<Date | undefined, SubmitProblem> {
  if (text === undefined || text === '') return ok(undefined);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match === null ? undefined : new Date(`${text}T23:59:59Z`);
  if (date === undefined || Number.isNaN(date.getTime()))
    return refused('expiry', { code: 'expiry_invalid' });
  if (date.getTime() <= now.getTime()) return refused('expiry', { code: 'expiry_past' });
  if (date.getTime() - now.getTime() > MAX_EXPIRY_DAYS * 86_400_000)
    return refused('expiry', { code: 'expiry_too_far' });
  return ok(date);
}

export interface Proposals {
  submit(input: SubmitInput): Promise<Result<SubmitOutcome, SubmitProblem>>;
  approve(proposalId: string, userId: string): Promise<DecisionOutcome>;
  reject(proposalId: string, userId: string, reason: string): Promise<DecisionOutcome>;
  /** May this user reject (approvers) or withdraw (the proposer)? Checked before asking for a reason. */
  canReject(proposalId: string, userId: string): Promise<DecisionOutcome>;
  /**
   * Tries the pull request again after it failed (an approver, after fixing what the reason said), or, for an open
   * pull request the bot stopped keeping up to date, re-applies the approved change on the base again (replacing a
   * person's commits when that is why it stopped).
   */
  retry(proposalId: string, userId: string): Promise<DecisionOutcome>;
  /** Marks pending proposals past their deadline as expired; returns how many. */
  expireDue(): Promise<number>;
}

export function createProposals(deps: ProposalsDeps): Proposals {
  const { store, clock } = deps;

  async function submit(input: SubmitInput): Promise<Result<SubmitOutcome, SubmitProblem>> {
    const now = clock.now();
    const justification = input.justification.trim();
    if (justification.length < MIN_JUSTIFICATION)
      return refused('justification', { code: 'justification_too_short', min: MIN_JUSTIFICATION });
    const expiry = parseExpiry(input.expiresOn, now);
    if (!expiry.ok) return expiry;
    const context = await openDraft(deps, input.source);
    if (!context.ok) return refused(undefined, context.error);
    const id = deps.newId(now.getTime());
    const expires = expiry.value === undefined ? '' : `; expires ${expiry.value.toISOString().slice(0, 10)}`;
    const annotation = `falco-triage proposal ${id} by ${input.userId}${expires}`;
    const synthesis = synthesizeSelection(context.value, input.selection, annotation);
    if (!synthesis.ok) {
      const field = input.selection.fields.length === 0 ? 'fields' : 'strategy';
      return refused(field, synthesis.error);
    }
    const s = synthesis.value;
    if (s.firesMore.length > 0 && input.confirmedWidening !== true)
      return refused('confirm', { code: 'widening_unconfirmed', rules: s.firesMore });
    const impact = await storedImpact(deps, context.value.rules, s);
    const exception: StoredException = {
      selection: {
        fields: input.selection.fields.map((f) => ({ ...f })),
        strategyId: input.selection.strategyId,
      },
      target: s.target,
      predicate: s.predicate,
      alsoAffects: s.alsoAffects,
      firesMore: s.firesMore,
      fields: s.fields,
      annotation,
      falcoVersion: context.value.draft.falcoVersion,
      change: s.change,
    };
    const groupId = context.value.draft.groupId;
    const group = groupId === null ? undefined : await store.groups.get(groupId);
    // Without an alert thread the proposal gets a message of its own where approvers look.
    const channel = group?.channel ?? deps.proposalChannel?.(context.value.draft.alert);
    if (channel === undefined) return refused(undefined, { code: 'no_channel' });
    return store.transaction(async (tx) => {
      const created = await tx.proposals.create({
        id,
        alertId: context.value.draft.alertId,
        groupId,
        rule: s.rule,
        strategy: s.strategy,
        exception: { ...exception },
        yaml: s.yaml,
        justification,
        exceptionExpiresAt: expiry.value ?? null,
        proposer: input.userId,
        impact: { ...impact },
        equivalenceKey: equivalenceKey(
          context.value.draft.target.implicit ? undefined : context.value.target.name,
          s.rule,
          s.strategy,
          s.target,
          s.predicate,
        ),
        falcoTarget: context.value.target.name,
        expiresAt: new Date(now.getTime() + deps.proposalTtlHours * 3_600_000),
        createdAt: now,
        slackChannel: channel,
        slackThreadTs: group?.slackTs ?? null,
      });
      if (!created.created) return ok({ kind: 'equivalent', proposal: created.existing });
      await tx.audit.append({
        at: now,
        actor: input.userId,
        action: 'proposal.create',
        subjectType: 'proposal',
        subjectId: id,
        details: {
          rule: s.rule,
          strategy: s.strategy,
          target: s.target,
          predicate: s.predicate,
          alsoSilences: s.alsoAffects,
          firesMore: s.firesMore,
        },
      });
      await tx.outbox.enqueue(
        { kind: JOB_PROPOSAL_POST, payload: { proposalId: id }, orderingKey: proposalKey(id) },
        now,
      );
      await announceProposal(tx, created.proposal, now);
      return ok({ kind: 'created', proposal: created.proposal });
    });
  }

  async function expireIfDue(proposal: Proposal, now: Date): Promise<Proposal | undefined> {
    if (proposal.status !== 'pending' || proposal.expiresAt.getTime() > now.getTime()) return undefined;
    return store.transaction(async (tx) => {
      const changed = await tx.proposals.transition({
        id: proposal.id,
        from: ['pending'],
        to: 'expired',
        now,
      });
      if (!changed.ok) return undefined;
      await tx.audit.append({
        at: now,
        actor: 'falco-triage',
        action: 'proposal.expire',
        subjectType: 'proposal',
        subjectId: proposal.id,
      });
      await announceProposal(tx, changed.value, now, { code: 'expired' });
      return changed.value;
    });
  }

  return {
    submit,

    async approve(proposalId, userId) {
      const now = clock.now();
      const current = await store.proposals.get(proposalId);
      if (current === undefined) return err({ code: 'proposal_not_found' });
      if ((await expireIfDue(current, now)) !== undefined) return err({ code: 'proposal_expired' });
      if (current.status !== 'pending')
        return err({ code: 'proposal_already_decided', status: current.status });
      if (current.proposer === userId) {
        await audit(userId, 'proposal.approve.refused', proposalId, { why: 'proposer' });
        return err({ code: 'proposer_cannot_approve' });
      }
      const allowed = await deps.approvers.check(userId);
      if (!allowed.ok) {
        await audit(userId, 'proposal.approve.refused', proposalId, { why: 'not an approver' });
        return err({ code: 'approver_required', action: 'approve', refusal: allowed.error });
      }
      return store.transaction(async (tx): Promise<DecisionOutcome> => {
        const locked = await tx.proposals.lockForUpdate(proposalId);
        if (locked === undefined) return err({ code: 'proposal_not_found' });
        if (locked.status !== 'pending')
          return err({ code: 'proposal_already_decided', status: locked.status });
        const added = await tx.approvals.add({ proposalId, userId, approvedAt: now });
        if (!added.added) return err({ code: 'already_approved' });
        await tx.audit.append({
          at: now,
          actor: userId,
          action: 'proposal.approve',
          subjectType: 'proposal',
          subjectId: proposalId,
          details: { approvals: added.count, required: deps.requiredApprovals },
        });
        if (added.count < deps.requiredApprovals) {
          await announceProposal(tx, locked, now);
          return ok(locked);
        }
        const approved = await tx.proposals.transition({
          id: proposalId,
          from: ['pending'],
          to: 'approved',
          now,
        });
        if (!approved.ok) return err({ code: 'proposal_changed' });
        if (deps.githubConfigured) {
          await tx.outbox.enqueue(
            {
              kind: JOB_PR_OPEN,
              payload: { proposalId },
              orderingKey: proposalKey(proposalId),
              coalesceKey: `pr-open:${proposalId}`,
            },
            now,
          );
        }
        await announceProposal(tx, approved.value, now, {
          code: deps.githubConfigured ? 'approved' : 'approved_without_pr',
          by: userId,
        });
        return ok(approved.value);
      });
    },

    async canReject(proposalId, userId) {
      const proposal = await store.proposals.get(proposalId);
      if (proposal === undefined) return err({ code: 'proposal_not_found' });
      if (proposal.status !== 'pending')
        return err({ code: 'proposal_already_decided', status: proposal.status });
      if (proposal.proposer === userId) return ok(proposal);
      const allowed = await deps.approvers.check(userId);
      return allowed.ok
        ? ok(proposal)
        : err({ code: 'approver_required', action: 'reject', refusal: allowed.error });
    },

    async reject(proposalId, userId, reason) {
      const now = clock.now();
      const check = await this.canReject(proposalId, userId);
      if (!check.ok) return check;
      const withdraw = check.value.proposer === userId;
      return store.transaction(async (tx): Promise<DecisionOutcome> => {
        const changed = await tx.proposals.transition({
          id: proposalId,
          from: ['pending'],
          to: withdraw ? 'withdrawn' : 'rejected',
          now,
          patch: { statusReason: `${userId}: ${reason}` },
        });
        if (!changed.ok) return err({ code: 'proposal_not_pending' });
        await tx.audit.append({
          at: now,
          actor: userId,
          action: withdraw ? 'proposal.withdraw' : 'proposal.reject',
          subjectType: 'proposal',
          subjectId: proposalId,
          details: { reason },
        });
        await announceProposal(tx, changed.value, now, {
          code: withdraw ? 'withdrawn' : 'rejected',
          by: userId,
        });
        return ok(changed.value);
      });
    },

    async retry(proposalId, userId) {
      const now = clock.now();
      const allowed = await deps.approvers.check(userId);
      if (!allowed.ok) return err({ code: 'approver_required', action: 'retry', refusal: allowed.error });
      if (!deps.githubConfigured) return err({ code: 'github_not_configured' });
      return store.transaction(async (tx): Promise<DecisionOutcome> => {
        const locked = await tx.proposals.lockForUpdate(proposalId);
        if (locked?.status === 'pr_open') return retryUpdate(tx, locked, userId, now);
        const changed = await tx.proposals.transition({
          id: proposalId,
          from: ['pr_failed'],
          to: 'approved',
          now,
          patch: { statusReason: null, prFailure: null },
        });
        if (!changed.ok) return err({ code: 'proposal_not_retryable' });
        await tx.outbox.enqueue(
          {
            kind: JOB_PR_OPEN,
            payload: { proposalId },
            orderingKey: proposalKey(proposalId),
            coalesceKey: `pr-open:${proposalId}`,
          },
          now,
        );
        await tx.audit.append({
          at: now,
          actor: userId,
          action: 'proposal.retry',
          subjectType: 'proposal',
          subjectId: proposalId,
        });
        await announceProposal(tx, changed.value, now, { code: 'pr_retrying', by: userId });
        return ok(changed.value);
      });
    },

    async expireDue() {
      const now = clock.now();
      let expired = 0;
      for (const proposal of await store.proposals.listPendingExpired(now)) {
        if ((await expireIfDue(proposal, now)) !== undefined) expired += 1;
      }
      return expired;
    },
  };

  async function audit(actor: string, action: string, proposalId: string, details: Record<string, unknown>) {
    await store.audit.append({
      at: clock.now(),
      actor,
      action,
      subjectType: 'proposal',
      subjectId: proposalId,
      details,
    });
  }
}
