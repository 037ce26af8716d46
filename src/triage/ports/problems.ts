/**
 * Why a step of the exception workflow could not be done, as a code and its facts: drafting the exception from its
 * alert, writing the chosen change, opening its pull request, removing it once expired, explaining the alert. The
 * chat adapter words them (for Slack: src/slack/problem-text.ts). `detail` and `reason` facts are the domain's or
 * GitHub's own account, in plain words that still need escaping.
 */
import type { Unavailable } from './refusals.js';

/** Why the exception cannot be drafted from the alert (the modal, and the pull request job re-drafting it). */
export type DraftProblem =
  /** The alert group is no longer stored (pruned). */
  | { readonly code: 'group_not_found' }
  /** The alert behind the group or the proposal is no longer stored (pruned). */
  | { readonly code: 'alert_not_stored' }
  | { readonly code: 'rules_not_configured' }
  /** The alert's rule is not among the rules falco-triage loads. */
  | { readonly code: 'rule_not_loaded'; readonly rule: string }
  /** The alert matched no target of TARGETS_FILE: there is no rules repository to propose to (its facts say why). */
  | { readonly code: 'no_target'; readonly hostname: string | null; readonly source: string | null }
  /** The target recorded with the alert or proposal is no longer in TARGETS_FILE. */
  | { readonly code: 'target_unknown'; readonly target: string }
  /** The alert's target has no rules repository (explain only). */
  | { readonly code: 'target_without_repository'; readonly target: string };

/** Why the chosen way to silence the alert cannot be written. */
export type SelectionProblem =
  | { readonly code: 'no_strategy' }
  /** The engine refuses this strategy for this alert (`reason`: why). */
  | { readonly code: 'strategy_refused'; readonly reason: string }
  /** A rule exception or condition append without a field would silence the whole rule. */
  | { readonly code: 'no_fields' }
  | { readonly code: 'not_synthesizable'; readonly reason: string };

/** Why a proposal was not submitted from the modal. */
export type SubmitReason =
  | Unavailable
  | DraftProblem
  | SelectionProblem
  | { readonly code: 'justification_too_short'; readonly min: number }
  /** The expiry is not a date. */
  | { readonly code: 'expiry_invalid' }
  | { readonly code: 'expiry_past' }
  /** More than a year away. */
  | { readonly code: 'expiry_too_far' }
  /** The change makes these other rules fire more, and the proposer did not confirm it. */
  | { readonly code: 'widening_unconfirmed'; readonly rules: readonly string[] }
  /** The alert is routed to no channel and there is no default channel: no approver would see the proposal. */
  | { readonly code: 'no_channel' };

/** A submission refused, and the modal input it is about (undefined: the whole form). */
export interface SubmitProblem {
  readonly field: 'justification' | 'fields' | 'strategy' | 'expiry' | 'confirm' | undefined;
  readonly problem: SubmitReason;
}

/** The GitHub step of the pull request job that was refused. */
export type PullRequestStep =
  | { readonly step: 'read_branch'; readonly branch: string }
  | { readonly step: 'read_file'; readonly file: string }
  | { readonly step: 'prepare_branch'; readonly branch: string }
  | { readonly step: 'commit'; readonly file: string }
  | { readonly step: 'open_pull_request' };

/**
 * The step as plain words (no markup), for the outbox's record of a retried job and for the chat adapter's sentence
 * about a refused one: the same step is described the same way to operators and to people.
 */
export function describePullRequestStep(step: PullRequestStep): string {
  switch (step.step) {
    case 'read_branch':
      return `reading ${step.branch}`;
    case 'read_file':
      return `reading ${step.file}`;
    case 'prepare_branch':
      return `preparing branch ${step.branch}`;
    case 'commit':
      return `committing ${step.file}`;
    case 'open_pull_request':
      return 'opening the pull request';
  }
}

/** Why an approved proposal's pull request could not be opened (the proposal then waits in `pr_failed`). */
export type PrFailure =
  | DraftProblem
  | SelectionProblem
  /** Re-drafted against today's rules, the exception is no longer the one approved. */
  | { readonly code: 'rules_changed'; readonly approved: string; readonly now: string }
  /** The rules file could not be edited (`detail`: the editor's account). */
  | { readonly code: 'edit_failed'; readonly file: string; readonly detail: string }
  | { readonly code: 'verification_failed'; readonly problems: readonly string[] }
  /** GitHub refused for good (not an outage, which is retried); `kind`: the repository port's error kind. */
  | {
      readonly code: 'github_refused';
      readonly step: PullRequestStep;
      readonly kind: 'not_found' | 'forbidden' | 'invalid';
      readonly detail: string;
    }
  /** A failure recorded in words, before failures were codes. */
  | { readonly code: 'recorded'; readonly reason: string };

/** Why an expired exception could not be removed (someone has to remove it by hand). */
export type RemovalProblem =
  | { readonly code: 'stored_change_unreadable' }
  | { readonly code: 'rules_file_missing'; readonly file: string; readonly branch: string }
  /** The editor cannot take the exception out (`detail`: why). */
  | { readonly code: 'not_removable'; readonly detail: string }
  /** Without the exception the rules file would not load (`first`: the first new error). */
  | {
      readonly code: 'would_not_load';
      readonly file: string;
      readonly errors: number;
      readonly first: { readonly file: string; readonly line: number; readonly message: string } | null;
    }
  | { readonly code: 'github_refused'; readonly detail: string };

/** Why the Explain button's alert got no explanation. */
export type ExplainProblem =
  | { readonly code: 'alert_not_stored' }
  | { readonly code: 'rules_not_configured' }
  /** The engine could not explain it (`detail`: its account). */
  | { readonly code: 'not_explainable'; readonly detail: string };
