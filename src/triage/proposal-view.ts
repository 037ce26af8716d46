import type { ImpactSummary } from '../falco/exceptions/index.js';
import type { Proposal } from './proposal.js';
import type { StoredException } from './proposals.js';

/** What the chat adapter needs to render a proposal message (in the alert's thread) at its current state. */
export interface ProposalView {
  readonly proposalId: string;
  readonly rule: string;
  readonly strategy: Proposal['strategy'];
  readonly target: string;
  readonly predicate: string;
  readonly alsoAffects: readonly string[];
  readonly firesMore: readonly string[];
  readonly yaml: string;
  readonly justification: string;
  readonly proposer: string;
  readonly approvals: readonly string[];
  readonly required: number;
  readonly approversText: string;
  readonly status: Proposal['status'];
  readonly statusReason: string | null;
  readonly prUrl: string | null;
  readonly prNumber: number | null;
  readonly deployRunUrl: string | null;
  readonly impactText: string | undefined;
  readonly exceptionExpiresAt: Date | null;
  /** Approval deadline. */
  readonly expiresAt: Date;
  /** A proposal without an alert thread (from a pasted alert): the alert, since no message above shows it. */
  readonly alert?: { readonly priority: string; readonly hostname: string | null; readonly text: string };
}

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
  const stored = proposal.exception as unknown as Partial<StoredException>;
  const impact = proposal.impact as unknown as ImpactSummary;
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
    impactText: Array.isArray(impact.byRule) ? options.describe(impact, proposal.rule) : undefined,
    exceptionExpiresAt: proposal.exceptionExpiresAt,
    expiresAt: proposal.expiresAt,
    ...(options.alert === undefined ? {} : { alert: options.alert }),
  };
}
