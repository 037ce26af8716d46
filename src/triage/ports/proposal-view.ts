import type { ImpactSummary } from '../../falco/exceptions/index.js';
import type { Proposal } from './proposal-record.js';
import type { PrHold } from './pr-hold.js';
import type { PrFailure } from './problems.js';
import type { Approvers } from './refusals.js';
import type { TargetRef } from './target-ref.js';

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
  readonly approvers: Approvers;
  readonly status: Proposal['status'];
  /** Who rejected and why, as recorded (`user: reason`); null in other states. */
  readonly statusReason: string | null;
  /** Why the pull request could not be opened (status `pr_failed`); undefined otherwise or when not recorded. */
  readonly failure: PrFailure | undefined;
  /** Why the bot stopped keeping the open pull request up to date (status `pr_open`); undefined while it does. */
  readonly hold?: PrHold | undefined;
  readonly prUrl: string | null;
  readonly prNumber: number | null;
  readonly deployRunUrl: string | null;
  /** What the exception would have silenced among stored alerts; undefined when not computed. */
  readonly impact: ImpactSummary | undefined;
  readonly exceptionExpiresAt: Date | null;
  /** Approval deadline. */
  readonly expiresAt: Date;
  /** Where the exception goes (repository, rules file, Falco version); absent when not known. */
  readonly falcoTarget?: TargetRef;
  /** A proposal without an alert thread (from a pasted alert): the alert, since no message above shows it. */
  readonly alert?: { readonly priority: string; readonly hostname: string | null; readonly text: string };
}
