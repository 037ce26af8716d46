/**
 * Why falco-triage stopped keeping an open exception pull request up to date with its base branch. The bot owns its
 * exception branches and re-applies the stored change whenever the base moves; it stops (and says why in the
 * thread, with a Retry for approvers) when a person has pushed to the branch or when the change no longer makes
 * sense on the new base. Stored on the proposal as JSON (jobs/record-schemas.ts reads it back); the chat adapter
 * words it.
 */
import type { PrFailure } from './problems.js';

/** What already excepts the alert on the base branch (the engine's account: an exception, list or macro name). */
export interface ExceptedOnBase {
  readonly kind: 'exception' | 'list' | 'macro' | 'condition' | 'rule-disabled';
  readonly name: string;
}

/** Re-drafted on the new base, why the approved change cannot be written or verified any more. */
export type ReapplyProblem = Exclude<PrFailure, { readonly code: 'github_refused' | 'recorded' }>;

export type PrHold =
  /** The branch head is a commit the bot did not make (`headSha`): a person's work is never overwritten. */
  | { readonly code: 'pushed_by_person'; readonly headSha: string }
  /** The base (`baseSha`) already excepts the alert, so merging would add nothing. */
  | { readonly code: 'already_excepted'; readonly baseSha: string; readonly by: ExceptedOnBase }
  /** On the base (`baseSha`) the change no longer makes sense: the rule was removed, the list renamed, … */
  | { readonly code: 'no_longer_applies'; readonly baseSha: string; readonly problem: ReapplyProblem }
  /** GitHub refused to take the update for good (`detail`: its account); not an outage, which is retried. */
  | { readonly code: 'github_refused'; readonly detail: string };

export type PrHoldCode = PrHold['code'];
