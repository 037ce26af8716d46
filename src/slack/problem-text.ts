/**
 * The words of the workflow's problems (src/triage/ports/problems.ts): why an exception cannot be drafted or
 * written, why its pull request could not be opened, why an expired one could not be removed, why an alert cannot
 * be explained. Plain text: a caller writing mrkdwn escapes it (the facts come from alerts, rules and GitHub).
 */
import type { CustomRulesNote } from '../triage/deployed-rules/index.js';
import { describePullRequestStep } from '../triage/ports/index.js';
import type {
  DraftProblem,
  ExplainProblem,
  PrFailure,
  PrHold,
  RemovalProblem,
  SelectionProblem,
  SubmitReason,
  Unavailable,
} from '../triage/ports/index.js';
import { RULES_NOT_CONFIGURED, unavailableText } from './unavailable-text.js';

export function draftProblemText(problem: DraftProblem | Unavailable): string {
  switch (problem.code) {
    case 'github_not_configured':
      return unavailableText(problem);
    case 'group_not_found':
      return 'This alert is no longer in falco-triage (it may have been pruned).';
    case 'alert_not_stored':
      return 'The alert behind this message is no longer stored (it may have been pruned).';
    case 'rules_not_configured':
      return RULES_NOT_CONFIGURED;
    case 'rule_not_loaded':
      return (
        `The rule "${problem.rule}" is not in the rules falco-triage loads (FALCO_RULES and the rules repository), ` +
        'so it cannot write an exception for it. Check that FALCO_RULES matches what Falco runs.'
      );
    case 'no_target': {
      const facts = [
        problem.hostname === null ? undefined : `host ${problem.hostname}`,
        problem.source === null ? undefined : `source ${problem.source}`,
      ].filter((fact) => fact !== undefined);
      return (
        `This alert matches none of the targets in TARGETS_FILE${facts.length === 0 ? '' : ` (${facts.join(', ')})`}, ` +
        'so falco-triage does not know which rules repository and Falco version an exception would be for. ' +
        'Explain still works. To propose exceptions for alerts like it, add a target whose match fits them.'
      );
    }
    case 'target_unknown':
      return `This alert belongs to the target "${problem.target}", which is no longer in TARGETS_FILE: there is no rules repository to propose an exception to.`;
    case 'target_without_repository':
      return `The target "${problem.target}" has no rules repository (no repository in TARGETS_FILE), so exceptions cannot be proposed for its alerts. Explain still works.`;
  }
}

export function selectionProblemText(problem: SelectionProblem): string {
  switch (problem.code) {
    case 'no_strategy':
      return 'Choose how to silence the alert.';
    case 'strategy_refused':
    case 'not_synthesizable':
      return problem.reason;
    case 'no_fields':
      return 'Pick at least one field to scope the exception (an exception without fields would silence the rule).';
  }
}

export function submitReasonText(reason: SubmitReason): string {
  switch (reason.code) {
    case 'github_not_configured':
    case 'group_not_found':
    case 'alert_not_stored':
    case 'rules_not_configured':
    case 'rule_not_loaded':
    case 'no_target':
    case 'target_unknown':
    case 'target_without_repository':
      return draftProblemText(reason);
    case 'no_strategy':
    case 'strategy_refused':
    case 'no_fields':
    case 'not_synthesizable':
      return selectionProblemText(reason);
    case 'justification_too_short':
      return `Say why this is a false positive (at least ${reason.min} characters): reviewers read it.`;
    case 'expiry_invalid':
      return 'Pick a date for the exception to expire.';
    case 'expiry_past':
      return 'The expiry date must be in the future.';
    case 'expiry_too_far':
      return 'Expiry can be at most a year away; leave it empty for a lasting exception.';
    case 'widening_unconfirmed':
      return `This change makes ${reason.rules.length} other rule(s) fire more: ${reason.rules.join(', ')}. Confirm that you mean it, or pick another way to silence the alert.`;
    case 'no_channel':
      return 'No approver would see this proposal: its alert is routed to no channel and SLACK_DEFAULT_CHANNEL is not set. Set a default channel, or propose from an alert message.';
  }
}

export function prFailureText(failure: PrFailure): string {
  switch (failure.code) {
    case 'group_not_found':
    case 'alert_not_stored':
    case 'rules_not_configured':
    case 'rule_not_loaded':
    case 'no_target':
    case 'target_unknown':
    case 'target_without_repository':
      return draftProblemText(failure);
    case 'no_strategy':
    case 'strategy_refused':
    case 'no_fields':
    case 'not_synthesizable':
      return selectionProblemText(failure);
    case 'rules_changed':
      return `the rules changed since approval: the exception would now be \`${failure.now}\` instead of \`${failure.approved}\`. Propose it again.`;
    case 'edit_failed':
      return `${failure.file}: ${failure.detail}`;
    case 'verification_failed':
      return `verification failed: ${failure.problems.join('; ')}`;
    case 'github_refused': {
      const hint =
        failure.kind === 'forbidden'
          ? ' (check the GitHub App or token permissions: Contents and Pull requests read and write)'
          : '';
      return `GitHub refused ${describePullRequestStep(failure.step)}: ${failure.detail}${hint}`;
    }
    case 'recorded':
      return failure.reason;
  }
}

const EXCEPTED_BY: Readonly<Record<Extract<PrHold, { code: 'already_excepted' }>['by']['kind'], string>> = {
  exception: 'exception',
  list: 'list',
  macro: 'macro',
  condition: 'a condition change of rule',
  'rule-disabled': 'disabling rule',
};

/** Why falco-triage stopped keeping an open pull request up to date with `baseBranch` (a clause, no final stop). */
export function prHoldText(hold: PrHold, baseBranch: string): string {
  switch (hold.code) {
    case 'pushed_by_person':
      return `someone pushed to its branch (head ${hold.headSha.slice(0, 7)}), and falco-triage never overwrites a person's commits`;
    case 'already_excepted':
      return `${baseBranch} (${hold.baseSha.slice(0, 7)}) already excepts this alert (${EXCEPTED_BY[hold.by.kind]} ${hold.by.name}), so merging it would add nothing; close it if that is what you want`;
    case 'no_longer_applies':
      return `on ${baseBranch} (${hold.baseSha.slice(0, 7)}) the approved exception no longer applies: ${prFailureText(hold.problem).replace(/[.\s]+$/, '')}`;
    case 'github_refused':
      return `GitHub refused the update: ${hold.detail}`;
  }
}

export function removalProblemText(problem: RemovalProblem): string {
  switch (problem.code) {
    case 'stored_change_unreadable':
      return 'the stored exception cannot be read back';
    case 'rules_file_missing':
      return `${problem.file} is not on ${problem.branch}`;
    case 'not_removable':
    case 'github_refused':
      return problem.detail;
    case 'would_not_load': {
      const where =
        problem.first === null
          ? ''
          : ` (${problem.first.file}:${problem.first.line}: ${problem.first.message})`;
      return `without the exception, ${problem.file} would not load: ${problem.errors} new error${problem.errors === 1 ? '' : 's'}${where}`;
    }
  }
}

export function explainProblemText(problem: ExplainProblem): string {
  switch (problem.code) {
    case 'alert_not_stored':
      return 'This alert is no longer stored (it may have been pruned).';
    case 'rules_not_configured':
      return RULES_NOT_CONFIGURED;
    case 'not_explainable':
      return problem.detail;
  }
}

export function customRulesNoteText(note: CustomRulesNote): string {
  switch (note.code) {
    case 'custom_rules_unread':
      return `could not read ${note.file} from GitHub (${note.detail}); using the base rules only`;
    case 'custom_rules_stale':
      return `could not refresh ${note.file} from GitHub (${note.detail}); using the copy read earlier`;
  }
}
