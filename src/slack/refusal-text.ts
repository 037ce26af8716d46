/**
 * The words of every refusal a person can get from a click or a command (an ephemeral reply, a modal's error). The
 * workflow refuses with codes and facts (src/triage/ports/refusals.ts); this is the one place they become
 * sentences. Slack ids become mentions; other facts (Slack error details, typed targets) are escaped.
 */
import type {
  ApproverRefusal,
  ApproverRequired,
  Approvers,
  ProposalStatus,
  Refusal,
} from '../triage/ports/index.js';
import { escapeMrkdwn } from './block-kit.js';
import { GITHUB_NOT_CONFIGURED, RULES_NOT_CONFIGURED } from './unavailable-text.js';

/** Who approves, for messages: "members of <!subteam^S…> or <@U1>, <@U2>". */
export function approversText(approvers: Approvers): string {
  const parts: string[] = [];
  if (approvers.group !== undefined) parts.push(`members of <!subteam^${approvers.group}>`);
  if (approvers.users.length > 0) parts.push(approvers.users.map((user) => `<@${user}>`).join(', '));
  return parts.length === 0 ? 'nobody (set APPROVERS or APPROVER_GROUP)' : parts.join(' or ');
}

function approverRefusalText(refusal: ApproverRefusal): string {
  switch (refusal.code) {
    case 'no_approvers_configured':
      return 'No approvers are configured yet: the falco-triage admin sets APPROVERS or APPROVER_GROUP.';
    case 'not_an_approver':
      return `Only ${approversText(refusal.approvers)} can approve exceptions.`;
    case 'approver_group_unlistable':
      return (
        `This Slack workspace cannot list the members of the approver group (${escapeMrkdwn(refusal.detail)}), so only the ` +
        `users in APPROVERS can approve${refusal.approvers.users.length === 0 ? ', and APPROVERS is empty' : ''}. ` +
        'Ask the falco-triage admin to add you to APPROVERS.'
      );
    case 'approver_check_failed':
      return `Could not check the approver group with Slack right now (${escapeMrkdwn(refusal.detail)}). Try again in a minute.`;
  }
}

/** What only approvers may do, said before why this person is not one. */
const APPROVERS_ONLY: Readonly<Record<ApproverRequired['action'], string>> = {
  approve: '',
  reject: 'Only approvers (or the proposer) can reject. ',
  retry: 'Only approvers can retry. ',
  mute: 'Only approvers may mute alerts here (MUTE_ALLOWED=approvers). ',
};

/** Where an already decided proposal stands; the states not named here are past approval. */
const DECIDED: Partial<Record<Exclude<ProposalStatus, 'pending'>, string>> = {
  expired:
    'This proposal expired; its buttons no longer work. Mark the alert as a false positive again to start over.',
  rejected: 'This proposal was rejected.',
  withdrawn: 'This proposal was withdrawn by the person who made it.',
  approved: 'This proposal is already approved.',
};

function decidedText(status: Exclude<ProposalStatus, 'pending'>): string {
  return DECIDED[status] ?? `This proposal is already past approval (${status.replace('_', ' ')}).`;
}

export function refusalText(refusal: Refusal): string {
  switch (refusal.code) {
    case 'github_not_configured':
      return GITHUB_NOT_CONFIGURED;
    case 'rules_not_configured':
      return RULES_NOT_CONFIGURED;
    case 'proposal_not_found':
      return 'This proposal does not exist (any more).';
    case 'proposal_expired':
      return 'This proposal expired; its buttons no longer work.';
    case 'proposal_already_decided':
      return decidedText(refusal.status);
    case 'proposer_cannot_approve':
      return 'You proposed this exception, so someone else has to approve it.';
    case 'approver_required':
      return `${APPROVERS_ONLY[refusal.action]}${approverRefusalText(refusal.refusal)}`;
    case 'already_approved':
      return 'You have already approved this proposal.';
    case 'proposal_changed':
      return 'This proposal changed while you clicked; look again.';
    case 'proposal_not_pending':
      return 'This proposal is no longer pending.';
    case 'proposal_not_retryable':
      return 'Nothing to retry: the pull request did not fail, and falco-triage is still keeping it up to date.';
    case 'already_acknowledged':
      return `Already acknowledged by <@${refusal.by}>.`;
    case 'group_not_found':
      return 'This alert is no longer in falco-triage (it may have been pruned).';
    case 'not_muted':
      return `${refusal.target.kind === 'rule' ? 'Rule' : 'Fingerprint'} "${escapeMrkdwn(refusal.target.value)}" is not muted.`;
    case 'unknown_target':
      return refusal.known.length === 0
        ? `There are no targets to mute "${escapeMrkdwn(refusal.target)}" on: leave out target= to mute everywhere.`
        : `No target is named "${escapeMrkdwn(refusal.target)}". Targets: ${refusal.known.map((name) => `\`${escapeMrkdwn(name)}\``).join(', ')}.`;
  }
}
