/**
 * What the workflow tells a proposal's thread, as a code and its facts. The chat adapter words each code (for Slack:
 * src/slack/thread-notes.ts); notes travel through the outbox as JSON (jobs/record-schemas.ts checks them on the way
 * out), so every fact is plain data: ids, numbers, URLs, ISO 8601 times and texts that still need escaping.
 */
import type { PrHold } from './pr-hold.js';
import type { ExplainProblem, PrFailure, RemovalProblem } from './problems.js';

/** A pull request or a workflow run, as a note links to it. */
export interface LinkRef {
  readonly number: number;
  readonly url: string;
}

export type ThreadNote =
  // People deciding a proposal (`by`: a Slack user id).
  | { readonly code: 'approved'; readonly by: string }
  /** Approved while GitHub is not configured: no pull request follows. */
  | { readonly code: 'approved_without_pr'; readonly by: string }
  | { readonly code: 'rejected'; readonly by: string }
  | { readonly code: 'withdrawn'; readonly by: string }
  /** The approval deadline passed. */
  | { readonly code: 'expired' }
  | { readonly code: 'pr_retrying'; readonly by: string }
  // The exception pull request (`by`: a GitHub login, null when GitHub did not say).
  | { readonly code: 'pr_failed'; readonly failure: PrFailure }
  /** `warnings`: what GitHub would not do (labels, reviewers), as it said it. */
  | { readonly code: 'pr_opened'; readonly pr: LinkRef; readonly warnings: readonly string[] }
  | { readonly code: 'pr_merged'; readonly pr: LinkRef; readonly by: string | null }
  | { readonly code: 'pr_closed'; readonly pr: LinkRef }
  | { readonly code: 'pr_reopened'; readonly pr: LinkRef }
  | { readonly code: 'pr_updated'; readonly pr: LinkRef; readonly headSha: string }
  // Keeping the pull request up to date (`baseBranch`: GITHUB_BASE_BRANCH, `baseSha`: the commit it now builds on).
  /** The base moved: the change was re-applied on top of it by the engine, verified again, and pushed. */
  | {
      readonly code: 'pr_refreshed';
      readonly pr: LinkRef;
      readonly baseBranch: string;
      readonly baseSha: string;
      /** The change now goes in differently (e.g. a values row of an exception another proposal merged). */
      readonly yamlChanged: boolean;
    }
  /** The bot stopped keeping the pull request up to date, and why (approvers can Retry). */
  | { readonly code: 'pr_held'; readonly pr: LinkRef; readonly baseBranch: string; readonly hold: PrHold }
  /** An approver asked the bot to re-apply the change again (`by`: a Slack user id). */
  | { readonly code: 'pr_refresh_retrying'; readonly pr: LinkRef; readonly by: string }
  // The deploy run of the merge.
  | { readonly code: 'deployed'; readonly run: LinkRef }
  /** `conclusion`: GitHub's (failure, cancelled, timed_out, …). */
  | { readonly code: 'deploy_failed'; readonly run: LinkRef; readonly conclusion: string | null }
  // An exception past its expiry (`expiredAt`: ISO 8601, null when the proposal has no expiry recorded).
  | { readonly code: 'removal_opened'; readonly expiredAt: string | null; readonly pr: LinkRef }
  /** `file`: RULES_FILE, where someone has to remove the exception by hand. */
  | {
      readonly code: 'removal_failed';
      readonly expiredAt: string | null;
      readonly problem: RemovalProblem;
      readonly file: string;
    }
  | { readonly code: 'removal_merged'; readonly pr: LinkRef; readonly by: string | null }
  | { readonly code: 'removal_closed'; readonly pr: LinkRef }
  | { readonly code: 'removal_reopened'; readonly pr: LinkRef }
  /** The exception is gone from `file` on `branch` without a removal pull request of ours. */
  | { readonly code: 'removed_outside'; readonly file: string; readonly branch: string }
  // The Explain button (`requestedBy`: the Slack user who clicked).
  | { readonly code: 'explain_failed'; readonly requestedBy: string; readonly problem: ExplainProblem };

export type ThreadNoteCode = ThreadNote['code'];
