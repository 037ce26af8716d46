/**
 * The words of every problem code (drafting, submitting, opening the pull request, removing an expired exception,
 * explaining, a mistyped `/falco` command), exactly as people read them (these are the sentences the workflow wrote
 * itself before problems became codes).
 */
import { describe, expect, it } from '@jest/globals';
import { commandProblemText, pasteProblemText } from '../../../src/slack/command-messages.js';
import {
  customRulesNoteText,
  prFailureText,
  removalProblemText,
  submitReasonText,
} from '../../../src/slack/problem-text.js';
import type { CommandProblem, PasteProblem } from '../../../src/triage/commands/index.js';
import type { CustomRulesNote } from '../../../src/triage/deployed-rules/index.js';
import type { PrFailure, RemovalProblem, SubmitReason } from '../../../src/triage/ports/index.js';

type Table<T extends { readonly code: string }> = {
  readonly [C in T['code']]: readonly (readonly [Extract<T, { code: C }>, string])[];
};

function rows<T extends { readonly code: string }>(table: Table<T>): (readonly [string, T, string])[] {
  return Object.values<readonly (readonly [T, string])[]>(table)
    .flat()
    .map(([value, text]) => [value.code, value, text] as const);
}

const GITHUB =
  'Marking false positives needs the rules repository: falco-triage has no GitHub configuration (GITHUB_REPO, RULES_FILE, a token or a GitHub App). Alerts keep flowing meanwhile.';
const RULES =
  'falco-triage has no base rules to work with: set FALCO_RULES to the rules files Falco loads (e.g. falco_rules.yaml).';
const RULE_NOT_LOADED =
  'The rule "Drop and execute new binary in container" is not in the rules falco-triage loads (FALCO_RULES and the rules repository), so it cannot write an exception for it. Check that FALCO_RULES matches what Falco runs.';

const NO_TARGET =
  'This alert matches none of the targets in TARGETS_FILE (host dev-node-1, source syscall), so falco-triage does not know which rules repository and Falco version an exception would be for. Explain still works. To propose exceptions for alerts like it, add a target whose match fits them.';
const TARGET_ROWS = {
  no_target: [
    [{ code: 'no_target', hostname: 'dev-node-1', source: 'syscall' }, NO_TARGET],
    [
      { code: 'no_target', hostname: null, source: null },
      NO_TARGET.replace(' (host dev-node-1, source syscall)', ''),
    ],
  ],
  target_unknown: [
    [
      { code: 'target_unknown', target: 'staging' },
      'This alert belongs to the target "staging", which is no longer in TARGETS_FILE: there is no rules repository to propose an exception to.',
    ],
  ],
  target_without_repository: [
    [
      { code: 'target_without_repository', target: 'lab' },
      'The target "lab" has no rules repository (no repository in TARGETS_FILE), so exceptions cannot be proposed for its alerts. Explain still works.',
    ],
  ],
} as const;

const SUBMIT: Table<SubmitReason> = {
  ...TARGET_ROWS,
  github_not_configured: [[{ code: 'github_not_configured' }, GITHUB]],
  rules_not_configured: [[{ code: 'rules_not_configured' }, RULES]],
  group_not_found: [
    [{ code: 'group_not_found' }, 'This alert is no longer in falco-triage (it may have been pruned).'],
  ],
  alert_not_stored: [
    [
      { code: 'alert_not_stored' },
      'The alert behind this message is no longer stored (it may have been pruned).',
    ],
  ],
  rule_not_loaded: [
    [{ code: 'rule_not_loaded', rule: 'Drop and execute new binary in container' }, RULE_NOT_LOADED],
  ],
  no_strategy: [[{ code: 'no_strategy' }, 'Choose how to silence the alert.']],
  strategy_refused: [
    [
      { code: 'strategy_refused', reason: 'list "shell_binaries" is used by 12 other rules' },
      'list "shell_binaries" is used by 12 other rules',
    ],
  ],
  no_fields: [
    [
      { code: 'no_fields' },
      'Pick at least one field to scope the exception (an exception without fields would silence the rule).',
    ],
  ],
  not_synthesizable: [
    [{ code: 'not_synthesizable', reason: 'no value for proc.name' }, 'no value for proc.name'],
  ],
  justification_too_short: [
    [
      { code: 'justification_too_short', min: 10 },
      'Say why this is a false positive (at least 10 characters): reviewers read it.',
    ],
  ],
  expiry_invalid: [[{ code: 'expiry_invalid' }, 'Pick a date for the exception to expire.']],
  expiry_past: [[{ code: 'expiry_past' }, 'The expiry date must be in the future.']],
  expiry_too_far: [
    [
      { code: 'expiry_too_far' },
      'Expiry can be at most a year away; leave it empty for a lasting exception.',
    ],
  ],
  widening_unconfirmed: [
    [
      { code: 'widening_unconfirmed', rules: ['Rule A', 'Rule B'] },
      'This change makes 2 other rule(s) fire more: Rule A, Rule B. Confirm that you mean it, or pick another way to silence the alert.',
    ],
  ],
  no_channel: [
    [
      { code: 'no_channel' },
      'No approver would see this proposal: its alert is routed to no channel and SLACK_DEFAULT_CHANNEL is not set. Set a default channel, or propose from an alert message.',
    ],
  ],
};

const PERMISSIONS = ' (check the GitHub App or token permissions: Contents and Pull requests read and write)';

const PR_FAILURE: Table<PrFailure> = {
  ...TARGET_ROWS,
  group_not_found: [
    [{ code: 'group_not_found' }, 'This alert is no longer in falco-triage (it may have been pruned).'],
  ],
  alert_not_stored: [
    [
      { code: 'alert_not_stored' },
      'The alert behind this message is no longer stored (it may have been pruned).',
    ],
  ],
  rules_not_configured: [[{ code: 'rules_not_configured' }, RULES]],
  rule_not_loaded: [
    [{ code: 'rule_not_loaded', rule: 'Drop and execute new binary in container' }, RULE_NOT_LOADED],
  ],
  no_strategy: [[{ code: 'no_strategy' }, 'Choose how to silence the alert.']],
  strategy_refused: [[{ code: 'strategy_refused', reason: 'refused' }, 'refused']],
  no_fields: [
    [
      { code: 'no_fields' },
      'Pick at least one field to scope the exception (an exception without fields would silence the rule).',
    ],
  ],
  not_synthesizable: [[{ code: 'not_synthesizable', reason: 'no value' }, 'no value']],
  rules_changed: [
    [
      { code: 'rules_changed', approved: 'proc.name = a', now: 'proc.name in (a, b)' },
      'the rules changed since approval: the exception would now be `proc.name in (a, b)` instead of `proc.name = a`. Propose it again.',
    ],
  ],
  edit_failed: [
    [
      { code: 'edit_failed', file: 'falco/values.yaml', detail: 'customRules is not a map' },
      'falco/values.yaml: customRules is not a map',
    ],
  ],
  verification_failed: [
    [
      { code: 'verification_failed', problems: ['the edit adds 1 error(s): x', 'the alert still fires'] },
      'verification failed: the edit adds 1 error(s): x; the alert still fires',
    ],
  ],
  github_refused: [
    [
      {
        code: 'github_refused',
        step: { step: 'read_branch', branch: 'main' },
        kind: 'not_found',
        detail: 'Not Found',
      },
      'GitHub refused reading main: Not Found',
    ],
    [
      {
        code: 'github_refused',
        step: { step: 'read_file', file: 'rules.yaml' },
        kind: 'invalid',
        detail: 'bad',
      },
      'GitHub refused reading rules.yaml: bad',
    ],
    [
      {
        code: 'github_refused',
        step: { step: 'prepare_branch', branch: 'falco-triage/p1' },
        kind: 'forbidden',
        detail: 'Resource not accessible by integration',
      },
      `GitHub refused preparing branch falco-triage/p1: Resource not accessible by integration${PERMISSIONS}`,
    ],
    [
      {
        code: 'github_refused',
        step: { step: 'commit', file: 'rules.yaml' },
        kind: 'invalid',
        detail: 'sha',
      },
      'GitHub refused committing rules.yaml: sha',
    ],
    [
      {
        code: 'github_refused',
        step: { step: 'open_pull_request' },
        kind: 'invalid',
        detail: 'Validation Failed',
      },
      'GitHub refused opening the pull request: Validation Failed',
    ],
  ],
  recorded: [[{ code: 'recorded', reason: 'an old reason, in words' }, 'an old reason, in words']],
};

const REMOVAL: Table<RemovalProblem> = {
  stored_change_unreadable: [
    [{ code: 'stored_change_unreadable' }, 'the stored exception cannot be read back'],
  ],
  rules_file_missing: [
    [
      { code: 'rules_file_missing', file: 'falco/values.yaml', branch: 'main' },
      'falco/values.yaml is not on main',
    ],
  ],
  not_removable: [[{ code: 'not_removable', detail: 'the list is gone' }, 'the list is gone']],
  would_not_load: [
    [
      { code: 'would_not_load', file: 'falco/values.yaml', errors: 1, first: null },
      'without the exception, falco/values.yaml would not load: 1 new error',
    ],
    [
      {
        code: 'would_not_load',
        file: 'rules.yaml',
        errors: 2,
        first: { file: 'rules.yaml', line: 12, message: 'undefined list' },
      },
      'without the exception, rules.yaml would not load: 2 new errors (rules.yaml:12: undefined list)',
    ],
  ],
  github_refused: [[{ code: 'github_refused', detail: 'Validation Failed' }, 'Validation Failed']],
};

const NOTES: Table<CustomRulesNote> = {
  custom_rules_unread: [
    [
      { code: 'custom_rules_unread', file: 'rules.yaml', detail: 'timeout' },
      'could not read rules.yaml from GitHub (timeout); using the base rules only',
    ],
  ],
  custom_rules_stale: [
    [
      { code: 'custom_rules_stale', file: 'rules.yaml', detail: 'HTTP 502' },
      'could not refresh rules.yaml from GitHub (HTTP 502); using the copy read earlier',
    ],
  ],
};

const USAGE = 'Usage: /falco mute <rule name or fingerprint> <duration like 30m, 2h, 1d> [reason]';

const COMMAND: Table<CommandProblem> = {
  mute_without_duration: [[{ code: 'mute_without_duration' }, `${USAGE}\nI could not find a duration.`]],
  mute_without_target: [[{ code: 'mute_without_target' }, `${USAGE}\nWhat should be muted?`]],
  mute_bad_duration: [
    [{ code: 'mute_bad_duration', duration: 'soon' }, `${USAGE}\n"soon" is not a duration.`],
    [{ code: 'mute_bad_duration', duration: '<!here>' }, `${USAGE}\n"&lt;!here&gt;" is not a duration.`],
  ],
  mute_too_long: [
    [
      { code: 'mute_too_long', maxDays: 90 },
      'A mute lasts at most 90 days. For a lasting change, mark the alert as a false positive instead.',
    ],
  ],
  unmute_without_target: [
    [{ code: 'unmute_without_target' }, 'Usage: /falco unmute <rule name or fingerprint>'],
  ],
};

const PASTE: Table<Exclude<PasteProblem, { code: 'ambiguous' }>> = {
  paste_empty: [
    [
      { code: 'paste_empty' },
      'Paste a Falco alert after `/falco explain`: a text line such as `12:00:00.000000000: Warning Sensitive file opened …` (the output alone is fine), or a JSON alert (``` fences are fine).',
    ],
  ],
  paste_too_large: [
    [{ code: 'paste_too_large', maxBytes: 64 * 1024 }, 'That is more than 64 KB; paste one alert at a time.'],
  ],
  rules_not_configured: [[{ code: 'rules_not_configured' }, RULES]],
  no_alert_found: [[{ code: 'no_alert_found' }, 'I found no alert in that text.']],
  not_explainable: [
    [{ code: 'not_explainable', detail: 'No such rule "x"' }, 'No such rule "x"'],
    [{ code: 'not_explainable', detail: 'user=<NA> & more' }, 'user=&lt;NA&gt; &amp; more'],
  ],
};

describe('problems in Slack', () => {
  it.each(rows(SUBMIT))('a submission refused, %s: %j', (_code, reason, text) => {
    expect(submitReasonText(reason)).toBe(text);
  });

  it.each(rows(PR_FAILURE))('a pull request that failed, %s: %j', (_code, failure, text) => {
    expect(prFailureText(failure)).toBe(text);
  });

  it.each(rows(REMOVAL))('a removal that failed, %s: %j', (_code, problem, text) => {
    expect(removalProblemText(problem)).toBe(text);
  });

  it.each(rows(NOTES))('custom rules missing or stale, %s: %j', (_code, note, text) => {
    expect(customRulesNoteText(note)).toBe(text);
  });

  it.each(rows(COMMAND))('a mistyped command, %s: %j', (_code, problem, text) => {
    expect(commandProblemText(problem)).toBe(text);
  });

  it.each(rows(PASTE))('a paste that explained nothing, %s: %j', (_code, problem, text) => {
    expect(pasteProblemText(problem)).toBe(text);
  });
});
