import type { ProposalBadge } from '../ports/index.js';
import type { Proposal } from '../ports/index.js';
import { prFailureOf } from './pr-failure.js';

/** The alert message's one-line summary of its latest proposal, or undefined when there is nothing to say. */
export function proposalBadge(
  proposal: Proposal,
  approvals: number,
  required: number,
): ProposalBadge | undefined {
  const pr = { prUrl: proposal.prUrl ?? '', prNumber: proposal.prNumber ?? 0 };
  switch (proposal.status) {
    case 'pending':
      return { state: 'pending', proposalId: proposal.id, approvals, required };
    case 'approved':
      return {
        state: 'pending',
        proposalId: proposal.id,
        approvals: Math.max(approvals, required),
        required,
      };
    case 'pr_open':
      return { state: 'pr_open', proposalId: proposal.id, ...pr };
    case 'merged':
      return { state: 'merged', proposalId: proposal.id, ...pr };
    case 'deployed':
      return {
        state: 'deployed',
        proposalId: proposal.id,
        ...pr,
        runNumber: proposal.deployRunNumber ?? undefined,
        runUrl: proposal.deployRunUrl ?? undefined,
      };
    case 'deploy_failed':
      return {
        state: 'deploy_failed',
        proposalId: proposal.id,
        prUrl: pr.prUrl,
        runUrl: proposal.deployRunUrl ?? undefined,
      };
    case 'rejected':
      return {
        state: 'rejected',
        proposalId: proposal.id,
        by: (proposal.statusReason ?? '').split(':')[0] ?? '',
        reason: (proposal.statusReason ?? '').split(':').slice(1).join(':').trim(),
      };
    case 'closed_unmerged':
      return { state: 'closed_unmerged', proposalId: proposal.id, prUrl: pr.prUrl };
    case 'pr_failed':
      return { state: 'failed', proposalId: proposal.id, failure: prFailureOf(proposal) };
    case 'expired':
      return { state: 'expired', proposalId: proposal.id };
    case 'withdrawn':
    case 'removed':
      return undefined;
  }
}
