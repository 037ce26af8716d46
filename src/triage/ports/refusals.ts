/**
 * How the workflow says no to a person: a code and the facts behind it, never a sentence. A refusal is an expected
 * outcome (a second click, a non-approver, a feature not set up), returned as the error of a Result; the chat
 * adapter words it for whoever asked (for Slack: src/slack/refusal-text.ts). Outages and bugs are not refusals: they
 * stay exceptions or job failures with a BotErrorCode (src/errors.ts).
 */
import type { ProposalStatus } from './proposal-record.js';

/** Who may approve exceptions: the users of APPROVERS and the members of the APPROVER_GROUP user group. */
export interface Approvers {
  readonly users: readonly string[];
  readonly group: string | undefined;
}

/** A part of falco-triage that is not set up, so what needs it cannot work. */
export type Unavailable =
  /** No GitHub configuration: no rules repository, so no exception can be proposed or opened. */
  | { readonly code: 'github_not_configured' }
  /** FALCO_RULES is not set: no rules to explain alerts or write exceptions against. */
  | { readonly code: 'rules_not_configured' };

/** Why someone does not count as an approver (or cannot be confirmed as one right now). */
export type ApproverRefusal =
  /** Neither APPROVERS nor APPROVER_GROUP is set. */
  | { readonly code: 'no_approvers_configured' }
  | { readonly code: 'not_an_approver'; readonly approvers: Approvers }
  /** The workspace cannot list the group's members (`detail`: Slack's reason), so only APPROVERS count. */
  | { readonly code: 'approver_group_unlistable'; readonly detail: string; readonly approvers: Approvers }
  /** Slack could not be asked about the group just now (`detail`: why). */
  | { readonly code: 'approver_check_failed'; readonly detail: string };

/** Something only approvers may do, asked by someone who is not one. */
export interface ApproverRequired {
  readonly code: 'approver_required';
  readonly action: 'approve' | 'reject' | 'retry' | 'mute';
  readonly refusal: ApproverRefusal;
}

/** A click on a proposal's Approve, Reject or Retry button, refused. */
export type DecisionRefusal =
  | { readonly code: 'proposal_not_found' }
  /** The approval deadline passed at this very click (it expires the proposal). */
  | { readonly code: 'proposal_expired' }
  /** The proposal is no longer pending (`status`: where it is now). */
  | { readonly code: 'proposal_already_decided'; readonly status: Exclude<ProposalStatus, 'pending'> }
  | { readonly code: 'proposer_cannot_approve' }
  | ApproverRequired
  | { readonly code: 'already_approved' }
  /** Another decision committed between reading the proposal and changing it. */
  | { readonly code: 'proposal_changed' }
  /** A rejection lost the race to another decision. */
  | { readonly code: 'proposal_not_pending' }
  /** Retry is only for a proposal whose pull request failed, or whose open pull request the bot stopped updating. */
  | { readonly code: 'proposal_not_retryable' }
  | Extract<Unavailable, { readonly code: 'github_not_configured' }>;

/** The Acknowledge button, refused. */
export type AcknowledgeRefusal =
  | { readonly code: 'already_acknowledged'; readonly by: string; readonly at: Date }
  /** The alert group is no longer stored (pruned). */
  | { readonly code: 'group_not_found' };

/** The Explain button, refused before anything is queued. */
export type ExplainRequestRefusal =
  Extract<Unavailable, { readonly code: 'rules_not_configured' }> | { readonly code: 'group_not_found' };

/** `/falco mute` and `/falco unmute`, refused. */
export type MuteRefusal =
  | ApproverRequired
  /** `target=` names no configured target (`known`: the ones there are). */
  | { readonly code: 'unknown_target'; readonly target: string; readonly known: readonly string[] }
  | {
      readonly code: 'not_muted';
      readonly target: { readonly kind: 'rule' | 'fingerprint'; readonly value: string };
    };

/** Every refusal a person can get back from a click or a command. */
export type Refusal =
  Unavailable | DecisionRefusal | AcknowledgeRefusal | ExplainRequestRefusal | MuteRefusal;

export type RefusalCode = Refusal['code'];
