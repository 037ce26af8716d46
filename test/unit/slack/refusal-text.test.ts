/**
 * The words of every refusal code, exactly as people read them in Slack (these are the sentences the workflow
 * wrote itself before refusals became codes).
 */
import { describe, expect, it } from '@jest/globals';
import { approversText, refusalText } from '../../../src/slack/refusal-text.js';
import type { ApproverRefusal, Refusal, RefusalCode } from '../../../src/triage/ports/refusals.js';

const BOTH = { users: ['U1', 'U2'], group: 'S1' };
const USERS_ONLY = { users: ['U1'], group: undefined };
const GROUP_ONLY = { users: [], group: 'S1' };

const NOT_AN_APPROVER: ApproverRefusal = { code: 'not_an_approver', approvers: BOTH };
const NO_APPROVERS: ApproverRefusal = { code: 'no_approvers_configured' };
const UNLISTABLE: ApproverRefusal = {
  code: 'approver_group_unlistable',
  detail: 'plan_upgrade_required',
  approvers: USERS_ONLY,
};
const UNLISTABLE_EMPTY: ApproverRefusal = {
  code: 'approver_group_unlistable',
  detail: 'missing_scope',
  approvers: GROUP_ONLY,
};
const CHECK_FAILED: ApproverRefusal = { code: 'approver_check_failed', detail: 'timeout' };

/** At least one case per code: the type makes a missing code a compile error. */
const CASES: { readonly [C in RefusalCode]: readonly (readonly [Extract<Refusal, { code: C }>, string])[] } =
  {
    github_not_configured: [
      [
        { code: 'github_not_configured' },
        'Marking false positives needs the rules repository: falco-triage has no GitHub configuration (GITHUB_REPO, RULES_FILE, a token or a GitHub App). Alerts keep flowing meanwhile.',
      ],
    ],
    rules_not_configured: [
      [
        { code: 'rules_not_configured' },
        'falco-triage has no base rules to work with: set FALCO_RULES to the rules files Falco loads (e.g. falco_rules.yaml).',
      ],
    ],
    proposal_not_found: [[{ code: 'proposal_not_found' }, 'This proposal does not exist (any more).']],
    proposal_expired: [[{ code: 'proposal_expired' }, 'This proposal expired; its buttons no longer work.']],
    proposal_already_decided: [
      [
        { code: 'proposal_already_decided', status: 'expired' },
        'This proposal expired; its buttons no longer work. Mark the alert as a false positive again to start over.',
      ],
      [{ code: 'proposal_already_decided', status: 'rejected' }, 'This proposal was rejected.'],
      [
        { code: 'proposal_already_decided', status: 'withdrawn' },
        'This proposal was withdrawn by the person who made it.',
      ],
      [{ code: 'proposal_already_decided', status: 'approved' }, 'This proposal is already approved.'],
      [
        { code: 'proposal_already_decided', status: 'pr_open' },
        'This proposal is already past approval (pr open).',
      ],
      [
        { code: 'proposal_already_decided', status: 'deploy_failed' },
        'This proposal is already past approval (deploy failed).',
      ],
      [
        { code: 'proposal_already_decided', status: 'closed_unmerged' },
        'This proposal is already past approval (closed unmerged).',
      ],
    ],
    proposer_cannot_approve: [
      [
        { code: 'proposer_cannot_approve' },
        'You proposed this exception, so someone else has to approve it.',
      ],
    ],
    approver_required: [
      [
        { code: 'approver_required', action: 'approve', refusal: NOT_AN_APPROVER },
        'Only members of <!subteam^S1> or <@U1>, <@U2> can approve exceptions.',
      ],
      [
        { code: 'approver_required', action: 'approve', refusal: NO_APPROVERS },
        'No approvers are configured yet: the falco-triage admin sets APPROVERS or APPROVER_GROUP.',
      ],
      [
        { code: 'approver_required', action: 'approve', refusal: UNLISTABLE },
        'This Slack workspace cannot list the members of the approver group (plan_upgrade_required), so only the users in APPROVERS can approve. Ask the falco-triage admin to add you to APPROVERS.',
      ],
      [
        { code: 'approver_required', action: 'approve', refusal: UNLISTABLE_EMPTY },
        'This Slack workspace cannot list the members of the approver group (missing_scope), so only the users in APPROVERS can approve, and APPROVERS is empty. Ask the falco-triage admin to add you to APPROVERS.',
      ],
      [
        { code: 'approver_required', action: 'approve', refusal: CHECK_FAILED },
        'Could not check the approver group with Slack right now (timeout). Try again in a minute.',
      ],
      [
        { code: 'approver_required', action: 'reject', refusal: NOT_AN_APPROVER },
        'Only approvers (or the proposer) can reject. Only members of <!subteam^S1> or <@U1>, <@U2> can approve exceptions.',
      ],
      [
        { code: 'approver_required', action: 'retry', refusal: CHECK_FAILED },
        'Only approvers can retry. Could not check the approver group with Slack right now (timeout). Try again in a minute.',
      ],
      [
        { code: 'approver_required', action: 'mute', refusal: NO_APPROVERS },
        'Only approvers may mute alerts here (MUTE_ALLOWED=approvers). No approvers are configured yet: the falco-triage admin sets APPROVERS or APPROVER_GROUP.',
      ],
      [
        {
          code: 'approver_required',
          action: 'approve',
          refusal: { code: 'approver_check_failed', detail: 'socket <hang up> & more' },
        },
        'Could not check the approver group with Slack right now (socket &lt;hang up&gt; &amp; more). Try again in a minute.',
      ],
    ],
    already_approved: [[{ code: 'already_approved' }, 'You have already approved this proposal.']],
    proposal_changed: [
      [{ code: 'proposal_changed' }, 'This proposal changed while you clicked; look again.'],
    ],
    proposal_not_pending: [[{ code: 'proposal_not_pending' }, 'This proposal is no longer pending.']],
    proposal_not_retryable: [
      [
        { code: 'proposal_not_retryable' },
        'Nothing to retry: the pull request did not fail, and falco-triage is still keeping it up to date.',
      ],
    ],
    already_acknowledged: [
      [
        { code: 'already_acknowledged', by: 'U0ALICE', at: new Date('2026-01-01T00:00:00Z') },
        'Already acknowledged by <@U0ALICE>.',
      ],
    ],
    group_not_found: [
      [{ code: 'group_not_found' }, 'This alert is no longer in falco-triage (it may have been pruned).'],
    ],
    not_muted: [
      [
        { code: 'not_muted', target: { kind: 'rule', value: 'Terminal shell in container' } },
        'Rule "Terminal shell in container" is not muted.',
      ],
      [
        { code: 'not_muted', target: { kind: 'fingerprint', value: '0123456789abcdef' } },
        'Fingerprint "0123456789abcdef" is not muted.',
      ],
      [
        { code: 'not_muted', target: { kind: 'rule', value: '<!channel>' } },
        'Rule "&lt;!channel&gt;" is not muted.',
      ],
    ],
    unknown_target: [
      [
        { code: 'unknown_target', target: 'prod', known: ['staging', 'production'] },
        'No target is named "prod". Targets: `staging`, `production`.',
      ],
      [
        { code: 'unknown_target', target: 'prod', known: [] },
        'There are no targets to mute "prod" on: leave out target= to mute everywhere.',
      ],
    ],
  };

const TABLE: (readonly [Refusal, string])[] = Object.values(CASES).flat();

describe('refusals in Slack', () => {
  it.each(TABLE.map(([refusal, text]) => [refusal.code, refusal, text] as const))(
    '%s: %j',
    (_code, refusal, text) => {
      expect(refusalText(refusal)).toBe(text);
    },
  );

  it.each([
    [BOTH, 'members of <!subteam^S1> or <@U1>, <@U2>'],
    [USERS_ONLY, '<@U1>'],
    [GROUP_ONLY, 'members of <!subteam^S1>'],
    [{ users: [], group: undefined }, 'nobody (set APPROVERS or APPROVER_GROUP)'],
  ])('names the approvers %j', (approvers, text) => {
    expect(approversText(approvers)).toBe(text);
  });
});
