/**
 * Which proposal a pull request belongs to (webhooks and the reconciler see pull requests, the store knows
 * proposals): by the branch the bot named, the hidden marker in the body, or the pull request's number. With
 * several targets, pull request numbers repeat across repositories: `falcoTarget` narrows the search to one.
 */
import type { PullRequestState, TriageRepos } from '../ports/index.js';
import type { Proposal } from '../ports/index.js';
import {
  exceptionBranch,
  parseProposalMarker,
  proposalOfBranch,
  removalBranch,
} from './pull-request-naming.js';

/** The proposal a pull request belongs to, checked against the branch the bot named (a marker alone is a hint). */
export async function proposalOf(
  tx: TriageRepos,
  pr: PullRequestState,
  falcoTarget?: string,
): Promise<{ proposal: Proposal; kind: 'exception' | 'removal' } | undefined> {
  const named = proposalOfBranch(pr.branch) ?? parseProposalMarker(pr.body);
  if (named !== undefined) {
    const proposal = await tx.proposals.get(named.proposalId);
    if (proposal !== undefined && (falcoTarget === undefined || proposal.falcoTarget === falcoTarget)) {
      if (named.kind === 'removal' && pr.branch === removalBranch(proposal.id))
        return { proposal, kind: 'removal' };
      if (
        named.kind === 'exception' &&
        (pr.branch === exceptionBranch(proposal.id) ||
          pr.branch === proposal.branch ||
          pr.number === proposal.prNumber)
      )
        return { proposal, kind: 'exception' };
    }
  }
  const byNumber = await tx.proposals.findByPullRequest(pr.number, falcoTarget);
  if (byNumber !== undefined && (byNumber.branch === null || byNumber.branch === pr.branch))
    return { proposal: byNumber, kind: 'exception' };
  const byBranch = await tx.proposals.findByBranch(pr.branch, falcoTarget);
  return byBranch === undefined ? undefined : { proposal: byBranch, kind: 'exception' };
}
