import type { ImpactSummary } from '../../falco/exceptions/index.js';
import type { Proposal } from '../ports/index.js';
import type { ProposalView } from '../ports/index.js';

export function proposalView(
  proposal: Proposal,
  approvals: readonly string[],
  options: {
    readonly required: number;
    readonly approversText: string;
    readonly describe: (impact: ImpactSummary, rule: string) => string;
    readonly alert?: ProposalView['alert'];
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
    approversText: options.approversText,
    status: proposal.status,
    statusReason: proposal.statusReason,
    prUrl: proposal.prUrl,
    prNumber: proposal.prNumber,
    deployRunUrl: proposal.deployRunUrl,
    impactText: impact === null ? undefined : options.describe(impact, proposal.rule),
    exceptionExpiresAt: proposal.exceptionExpiresAt,
    expiresAt: proposal.expiresAt,
    ...(options.alert === undefined ? {} : { alert: options.alert }),
  };
}
