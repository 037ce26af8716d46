/**
 * One rollout step inside a transaction: the compare-and-set transition, then the announcement (proposal message,
 * alert badge, thread note through the outbox) and the audit entry. A lost race (the webhook and the reconciler, or
 * a redelivery) changes nothing and says where the proposal already is.
 */
import type { Logger } from '../../logger.js';
import type { TriageRepos } from '../ports/index.js';
import type { Proposal, ProposalPatch, ProposalStatus, ThreadNote } from '../ports/index.js';
import { announceProposal } from '../proposals/index.js';

export type Source = 'webhook' | 'reconciler' | 'expiry';

export interface RolloutResult {
  readonly outcome: 'changed' | 'unchanged' | 'ignored';
  readonly proposalId?: string;
  readonly status?: ProposalStatus;
  readonly detail: string;
}

export interface Move {
  readonly from: readonly ProposalStatus[];
  readonly to: ProposalStatus;
  readonly patch: ProposalPatch;
  readonly note: ThreadNote;
  /** Audit action, e.g. `proposal.deployed`. */
  readonly action: string;
  /** Audit actor, e.g. `github:alice`. */
  readonly actor: string;
  readonly source: Source;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function ignored(detail: string): RolloutResult {
  return { outcome: 'ignored', detail };
}

export function unchanged(proposal: Proposal, detail: string): RolloutResult {
  return { outcome: 'unchanged', proposalId: proposal.id, status: proposal.status, detail };
}

export async function moveProposal(
  tx: TriageRepos,
  proposal: Proposal,
  change: Move,
  now: Date,
  logger: Logger,
): Promise<RolloutResult> {
  const moved = await tx.proposals.transition({
    id: proposal.id,
    from: change.from,
    to: change.to,
    now,
    patch: change.patch,
  });
  if (!moved.ok) {
    const status = moved.error.reason === 'conflict' ? moved.error.current.status : undefined;
    return {
      outcome: 'unchanged',
      proposalId: proposal.id,
      ...(status === undefined ? {} : { status }),
      detail: `already ${status ?? 'gone'}`,
    };
  }
  await announceProposal(tx, moved.value, now, change.note);
  await tx.audit.append({
    at: now,
    actor: change.actor,
    action: change.action,
    subjectType: 'proposal',
    subjectId: proposal.id,
    details: { source: change.source, ...change.details },
  });
  logger.info(
    { proposalId: proposal.id, status: change.to, source: change.source },
    'exception rollout step',
  );
  return { outcome: 'changed', proposalId: proposal.id, status: change.to, detail: change.action };
}

/** A thread note without a state change (a removal pull request closed or reopened, new commits on a PR). */
export async function noteOnly(
  tx: TriageRepos,
  proposal: Proposal,
  note: ThreadNote,
  detail: string,
  now: Date,
): Promise<RolloutResult> {
  await announceProposal(tx, proposal, now, note);
  return { outcome: 'changed', proposalId: proposal.id, status: proposal.status, detail };
}
