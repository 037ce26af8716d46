/**
 * The triage part of an alert message: who has it, who it is assigned to, how it was resolved (with the note),
 * whether it was escalated, and the buttons for the next step. Pure: the view's triage state in, Block Kit out.
 *
 * The escalation's user group is mentioned once, in the thread (thread-reply.ts); the message itself only says it
 * was escalated, so that re-posting a deleted message or editing it never pings the group again. The note is the
 * resolver's own text: escaped like any untrusted value.
 */
import type { GroupView } from '../triage/ports/index.js';
import { escapeMrkdwn, truncate, truncateEscaped } from './block-kit.js';
import { slackDate } from './slack-date.js';

export const ACTION_ACK = 'alert_ack';
export const ACTION_UNACK = 'alert_unack';
export const ACTION_ASSIGN_ME = 'alert_assign_me';
export const ACTION_UNASSIGN = 'alert_unassign';
/** The assignee picker (users_select); its group id is in the block id (`alert_actions:<group id>`). */
export const ACTION_ASSIGN = 'alert_assign';
export const ACTION_RESOLVE = 'alert_resolve';
export const ACTION_REOPEN = 'alert_reopen';
export const ACTION_ESCALATE = 'alert_escalate';

export const ALERT_ACTIONS_BLOCK = 'alert_actions';

/** The group id in an alert message's actions block id (undefined for any other block). */
export function groupOfBlock(blockId: string | undefined): string | undefined {
  const prefix = `${ALERT_ACTIONS_BLOCK}:`;
  return blockId?.startsWith(prefix) === true ? blockId.slice(prefix.length) : undefined;
}

/** Shown on the message; the full note is in the audit log. */
const MAX_NOTE_SHOWN = 500;

type Triage = NonNullable<GroupView['triage']>;

/** The state line's parts: acknowledgement (or resolution), assignee, escalation. */
export function triageParts(view: GroupView, triage: Triage, nowMs: number): string[] {
  const parts: string[] = [];
  const { resolution, assignee, escalation } = triage;
  if (resolution !== undefined) {
    const how =
      resolution.kind === 'benign'
        ? ':white_check_mark: Resolved as benign'
        : ':shield: Resolved as a true positive';
    parts.push(`${how} by <@${resolution.by}> ${slackDate(resolution.atMs, nowMs)}`);
  } else if (view.acknowledged !== undefined) {
    parts.push(
      `:eyes: Acknowledged by <@${view.acknowledged.by}> ${slackDate(view.acknowledged.atMs, nowMs)}`,
    );
  }
  if (assignee !== undefined && resolution === undefined) {
    const by = assignee.by === assignee.user ? '' : ` by <@${assignee.by}>`;
    parts.push(`:bust_in_silhouette: Assigned to <@${assignee.user}>${by}`);
  }
  if (escalation !== undefined) {
    parts.push(
      `:rotating_light: Escalated by <@${escalation.by}> ${slackDate(escalation.atMs, nowMs)}: the on-call group was notified in the thread`,
    );
  }
  return parts;
}

/** The resolution's note, as its own line under the state (undefined without one). */
export function noteBlock(triage: Triage): Record<string, unknown> | undefined {
  const note = triage.resolution?.note;
  if (note === undefined) return undefined;
  const text = truncateEscaped(escapeMrkdwn(truncate(note, MAX_NOTE_SHOWN)), MAX_NOTE_SHOWN + 100);
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `*Note:* ${text}` }] };
}

function button(
  view: GroupView,
  actionId: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text, emoji: true },
    value: view.groupId,
    ...extra,
  };
}

/** The triage buttons for the group's status, and the assignee picker while it is not resolved. */
export function triageElements(view: GroupView, triage: Triage): Record<string, unknown>[] {
  if (triage.status === 'resolved') return [button(view, ACTION_REOPEN, 'Reopen')];
  const elements = [
    triage.status === 'open'
      ? button(view, ACTION_ACK, 'Acknowledge')
      : button(view, ACTION_UNACK, 'Undo acknowledge'),
    button(view, ACTION_RESOLVE, 'Resolve…'),
  ];
  if (triage.canEscalate) {
    elements.push(
      button(view, ACTION_ESCALATE, 'Escalate', {
        style: 'danger',
        confirm: {
          title: { type: 'plain_text', text: 'Escalate this alert?' },
          text: {
            type: 'mrkdwn',
            text: 'This mentions the on-call group for this alert in its thread. An alert is escalated once.',
          },
          confirm: { type: 'plain_text', text: 'Escalate' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'danger',
        },
      }),
    );
  }
  elements.push(
    triage.assignee === undefined
      ? button(view, ACTION_ASSIGN_ME, 'Assign to me')
      : button(view, ACTION_UNASSIGN, 'Unassign'),
    {
      type: 'users_select',
      action_id: ACTION_ASSIGN,
      placeholder: { type: 'plain_text', text: 'Assign to…', emoji: true },
      ...(triage.assignee === undefined ? {} : { initial_user: triage.assignee.user }),
    },
  );
  return elements;
}
