import type { Proposal } from '../ports/index.js';
import type { Approvers, ProposalView, TargetRef } from '../ports/index.js';
import { prHold } from '../jobs/index.js';
import { prFailureOf } from './pr-failure.js';

export function proposalView(
  proposal: Proposal,
  approvals: readonly string[],
  options: {
    readonly required: number;
    readonly approvers: Approvers;
    readonly alert?: ProposalView['alert'];
    readonly falcoTarget?: TargetRef;
  },
): ProposalView {
  const stored = proposal.exception;
  const impact = proposal.impact;
  return {
    proposalId: proposal.id,
    rule: proposal.rule,
    strategy: proposal.strategy,
    target: stored.target ?? proposal.rule,
    predicate: stored.predicate ?? '',
    alsoAffects: stored.alsoAffects ?? [],
    firesMore: stored.firesMore ?? [],
    yaml: proposal.yaml,
    justification: proposal.justification,
    proposer: proposal.proposer,
    approvals,
    required: options.required,
    approvers: options.approvers,
    status: proposal.status,
    statusReason: proposal.statusReason,
    failure: proposal.status === 'pr_failed' ? prFailureOf(proposal) : undefined,
    hold: proposal.status === 'pr_open' ? holdOf(proposal) : undefined,
    prUrl: proposal.prUrl,
    prNumber: proposal.prNumber,
    deployRunUrl: proposal.deployRunUrl,
    impact: impact ?? undefined,
    exceptionExpiresAt: proposal.exceptionExpiresAt,
    expiresAt: proposal.expiresAt,
    ...(options.alert === undefined ? {} : { alert: options.alert }),
    ...(options.falcoTarget === undefined ? {} : { falcoTarget: options.falcoTarget }),
  };
}

function holdOf(proposal: Proposal): ProposalView['hold'] {
  const parsed = prHold.safeParse(proposal.prHold);
  return parsed.success ? parsed.data : undefined;
}
