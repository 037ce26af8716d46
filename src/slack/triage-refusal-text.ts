/**
 * The words of every triage refusal (a button, the assignee picker, the resolve form, a reaction), said privately
 * to the person who asked. The workflow refuses with codes and facts (src/triage/ports/triage-refusals.ts); Slack
 * ids become mentions, and the one fact from outside (Slack's error detail) is escaped.
 */
import type { PersonRefusal, Responders, TriageAction, TriageRefusal } from '../triage/ports/index.js';
import { escapeMrkdwn } from './block-kit.js';

const VERB: Readonly<Record<TriageAction, string>> = {
  acknowledge: 'acknowledge alerts',
  unacknowledge: 'take back an acknowledgement',
  assign: 'assign alerts',
  unassign: 'unassign alerts',
  resolve: 'resolve alerts',
  reopen: 'reopen alerts',
  escalate: 'escalate alerts',
};

function respondersText(responders: Responders): string {
  const parts: string[] = [];
  if (responders.group !== undefined) parts.push(`members of <!subteam^${responders.group}>`);
  if (responders.users.length > 0) parts.push(responders.users.map((user) => `<@${user}>`).join(', '));
  parts.push('the approvers');
  return parts.join(', ');
}

function personText(refusal: PersonRefusal, who: 'you' | 'they'): string {
  const are = who === 'you' ? 'you are' : 'they are';
  switch (refusal.code) {
    case 'not_a_responder':
      return `only ${respondersText(refusal.responders)} can (RESPONDERS, RESPONDER_GROUP)`;
    case 'guest':
      return `${are} a guest of this workspace`;
    case 'bot':
      return `${who === 'you' ? 'you are' : 'that is'} an app, not a person`;
    case 'deactivated':
      return `${who === 'you' ? 'your' : 'their'} account is deactivated`;
    case 'person_check_failed':
      return `Slack could not be asked just now (${escapeMrkdwn(refusal.detail)}); try again in a minute`;
  }
}

export function triageRefusalText(refusal: TriageRefusal): string {
  switch (refusal.code) {
    case 'group_not_found':
      return 'This alert is no longer in falco-triage (it may have been pruned).';
    case 'triage_not_allowed':
      return `You cannot ${VERB[refusal.action]} here: ${personText(refusal.refusal, 'you')}. Nothing was changed.`;
    case 'assignee_not_allowed':
      return `<@${refusal.assignee}> cannot be assigned this alert: ${personText(refusal.refusal, 'they')}.`;
    case 'already_acknowledged':
      return `Already acknowledged by <@${refusal.by}>.`;
    case 'not_acknowledged':
      return 'This alert is not acknowledged.';
    case 'already_resolved':
      return `Already resolved as ${refusal.resolution === 'benign' ? 'benign' : 'a true positive'} by <@${refusal.by}>. Reopen it first.`;
    case 'not_resolved':
      return 'This alert is not resolved.';
    case 'already_assigned':
      return `Already assigned to <@${refusal.assignee}>.`;
    case 'not_assigned':
      return 'This alert is not assigned to anyone.';
    case 'already_escalated':
      return `Already escalated by <@${refusal.by}>: the on-call group was notified then, and is not notified twice.`;
    case 'escalation_not_configured':
      return `No on-call group is set up for ${escapeMrkdwn(refusal.priority)} alerts in <#${refusal.channel}>: the falco-triage admin sets ESCALATION_GROUPS.`;
    case 'note_required':
      return 'Say what was found and what was done: a true positive needs a note.';
    case 'note_too_long':
      return `Keep the note under ${refusal.max} characters.`;
    case 'not_yours':
      return `That was <@${refusal.by}>'s decision, not yours to undo.`;
  }
}
