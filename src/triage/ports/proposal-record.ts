/**
 * Exception proposals as the workflow sees them: from the Slack modal, through approval and the pull request, to the
 * deployed (and eventually expired) exception. The store persists these types (src/store/proposals-repo.ts).
 *
 *   pending ──approve×N──▶ approved ──PR opened──▶ pr_open ──merged──▶ merged ──deploy run──▶ deployed | deploy_failed
 *      │                      │                       └──closed──▶ closed_unmerged (reopened ▶ pr_open)
 *      ├──reject──▶ rejected  └──verification/GitHub refused──▶ pr_failed (retry ▶ approved)
 *      └──deadline──▶ expired            deployed ──exception expiry──▶ removed (removal PR merged)
 *
 * While `pr_open`, the bot keeps the pull request on top of its base branch (rollout/pr-refresh.ts): `prBaseSha` is
 * the base commit its branch was last built on, `prBotCommits` the commits it made there (newest last: a head not
 * among them was pushed by a person), and `prHold` why it stopped doing so (null while it keeps it up to date).
 */

import type { ImpactSummary } from '../../falco/exceptions/index.js';
import type { StoredException } from './stored-exception.js';

export type { StoredException } from './stored-exception.js';

export const PROPOSAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'withdrawn',
  'pr_failed',
  'pr_open',
  'merged',
  'deployed',
  'deploy_failed',
  'closed_unmerged',
  'removed',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** States in which an equivalent new proposal is linked to this one instead of created (matches the unique index). */
export const LIVE_PROPOSAL_STATUSES: readonly ProposalStatus[] = [
  'pending',
  'approved',
  'pr_failed',
  'pr_open',
  'merged',
  'deployed',
  'deploy_failed',
];

export type ExceptionStrategy = 'exception' | 'list' | 'macro' | 'condition';

export interface NewProposal {
  readonly id: string;
  readonly alertId: string;
  readonly groupId: string | null;
  readonly rule: string;
  readonly strategy: ExceptionStrategy;
  readonly exception: StoredException;
  readonly yaml: string;
  readonly justification: string;
  readonly exceptionExpiresAt: Date | null;
  readonly proposer: string;
  /** The impact preview at submission; null when none was measured. */
  readonly impact: ImpactSummary | null;
  /** Same rule and same exception give the same key (computed by the workflow from the canonical exception). */
  readonly equivalenceKey: string;
  /** After this the proposal can no longer be approved. */
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly slackChannel?: string | null;
  readonly slackThreadTs?: string | null;
  /** The target (Falco deployment) the exception goes to; absent: the short form's one target, `default`. */
  readonly falcoTarget?: string;
}

/** Fields that change along the way; `undefined` leaves a field as it is, `null` clears it. */
export interface ProposalPatch {
  readonly statusReason?: string | null;
  readonly impact?: ImpactSummary | null;
  readonly yaml?: string;
  readonly slackChannel?: string | null;
  readonly slackThreadTs?: string | null;
  readonly slackMessageTs?: string | null;
  readonly prNumber?: number | null;
  readonly prUrl?: string | null;
  readonly branch?: string | null;
  readonly mergeCommitSha?: string | null;
  readonly deployRunId?: number | null;
  readonly deployRunUrl?: string | null;
  readonly deployRunNumber?: number | null;
  /** A failed pull request's PrFailure (ports/problems.ts) as JSON; null clears it. */
  readonly prFailure?: Readonly<Record<string, unknown>> | null;
  readonly prBaseSha?: string | null;
  /** The whole list (the workflow appends and trims it). */
  readonly prBotCommits?: readonly string[];
  /** A PrHold (ports/pr-hold.ts) as JSON; null: the bot keeps the pull request up to date. */
  readonly prHold?: Readonly<Record<string, unknown>> | null;
}

export interface Proposal extends Required<Omit<NewProposal, 'slackChannel' | 'slackThreadTs'>> {
  readonly status: ProposalStatus;
  readonly statusReason: string | null;
  /** Increases with every change: `expectedVersion` in `update`/`transition` detects lost updates. */
  readonly version: number;
  readonly slackChannel: string | null;
  readonly slackThreadTs: string | null;
  readonly slackMessageTs: string | null;
  readonly prNumber: number | null;
  readonly prUrl: string | null;
  readonly branch: string | null;
  readonly mergeCommitSha: string | null;
  readonly deployRunId: number | null;
  readonly deployRunUrl: string | null;
  readonly deployRunNumber: number | null;
  /** Why the pull request could not be opened (a PrFailure as stored, read back with zod); null otherwise. */
  readonly prFailure: Readonly<Record<string, unknown>> | null;
  /** The base branch commit the bot last built the pull request's branch on; null before it opened one. */
  readonly prBaseSha: string | null;
  /** Commits the bot made on the pull request's branch, newest last (empty for pull requests opened before). */
  readonly prBotCommits: readonly string[];
  /** Why the bot stopped keeping the pull request up to date (a PrHold as stored); null while it does. */
  readonly prHold: Readonly<Record<string, unknown>> | null;
  readonly updatedAt: Date;
}

export type CreateProposalResult =
  | { readonly created: true; readonly proposal: Proposal }
  | { readonly created: false; readonly existing: Proposal };

export type ChangeRefused =
  { readonly reason: 'not_found' } | { readonly reason: 'conflict'; readonly current: Proposal };
