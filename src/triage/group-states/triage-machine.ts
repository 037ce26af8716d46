/**
 * The triage state machine of an alert group, pure: the current state, a command, who asks and when, in; the next
 * state or why not, out. The four parts move independently, with these rules:
 *
 *   acknowledge     open → acknowledged                      (refused when acknowledged or resolved)
 *   unacknowledge   acknowledged → open                      (refused when resolved: reopen first)
 *   assign          sets or changes the assignee             (refused for the current assignee and when resolved)
 *   unassign        clears the assignee
 *   resolve         → resolved, benign or true positive       (a true positive needs a note; refused when resolved)
 *   reopen          resolved → what it was before             (the acknowledgement and assignee are kept)
 *   escalate        records the user group mentioned, once    (refused when escalated or resolved; never undone)
 *
 * `own` is for undoing by taking a reaction back: it undoes only what that person did (their acknowledgement, their
 * own assignment, their benign resolution), never someone else's decision.
 */
import { err, ok, type Result } from '../../result.js';
import type { GroupTriage, Resolution, TriageAction, TriageRefusal } from '../ports/index.js';

/** Longest note on a resolution (the form allows as much; Slack shows it on the message, truncated). */
export const MAX_NOTE_CHARS = 2000;

export type TriageCommand =
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'unacknowledge'; readonly own?: boolean }
  | { readonly kind: 'assign'; readonly assignee: string }
  | { readonly kind: 'unassign'; readonly own?: boolean }
  | { readonly kind: 'resolve'; readonly resolution: Resolution; readonly note?: string | undefined }
  | { readonly kind: 'reopen'; readonly own?: boolean }
  | { readonly kind: 'escalate'; readonly usergroup: string };

/** The action a command is, for refusals and the audit log (`alert.<action>`). */
export function actionOf(command: TriageCommand): TriageAction {
  return command.kind;
}

export function decide(
  current: GroupTriage,
  command: TriageCommand,
  actor: string,
  at: Date,
): Result<GroupTriage, TriageRefusal> {
  const stamp = { by: actor, at };
  const resolved = current.resolution;
  const alreadyResolved = (): Result<GroupTriage, TriageRefusal> =>
    err({
      code: 'already_resolved',
      resolution: resolved?.kind ?? 'benign',
      by: resolved?.by ?? actor,
      at: resolved?.at ?? at,
    });
  switch (command.kind) {
    case 'acknowledge':
      if (resolved !== undefined) return alreadyResolved();
      if (current.acknowledged !== undefined)
        return err({ code: 'already_acknowledged', ...current.acknowledged });
      return ok({ ...current, acknowledged: stamp });
    case 'unacknowledge':
      if (resolved !== undefined) return alreadyResolved();
      if (current.acknowledged === undefined) return err({ code: 'not_acknowledged' });
      if (command.own === true && current.acknowledged.by !== actor) {
        return err({ code: 'not_yours', by: current.acknowledged.by });
      }
      return ok({ ...current, acknowledged: undefined });
    case 'assign':
      if (resolved !== undefined) return alreadyResolved();
      if (current.assignee?.user === command.assignee) {
        return err({ code: 'already_assigned', assignee: command.assignee });
      }
      return ok({ ...current, assignee: { ...stamp, user: command.assignee } });
    case 'unassign':
      if (current.assignee === undefined) return err({ code: 'not_assigned' });
      if (command.own === true && current.assignee.user !== actor) {
        return err({ code: 'not_yours', by: current.assignee.by });
      }
      return ok({ ...current, assignee: undefined });
    case 'resolve': {
      if (resolved !== undefined) return alreadyResolved();
      const note = command.note?.trim() || undefined;
      if (note !== undefined && note.length > MAX_NOTE_CHARS)
        return err({ code: 'note_too_long', max: MAX_NOTE_CHARS });
      if (command.resolution === 'true_positive' && note === undefined) return err({ code: 'note_required' });
      return ok({ ...current, resolution: { ...stamp, kind: command.resolution, note } });
    }
    case 'reopen':
      if (resolved === undefined) return err({ code: 'not_resolved' });
      if (command.own === true && (resolved.by !== actor || resolved.kind !== 'benign')) {
        return err({ code: 'not_yours', by: resolved.by });
      }
      return ok({ ...current, resolution: undefined });
    case 'escalate':
      if (current.escalation !== undefined) {
        const { usergroup, by, at: when } = current.escalation;
        return err({ code: 'already_escalated', usergroup, by, at: when });
      }
      if (resolved !== undefined) return alreadyResolved();
      return ok({
        ...current,
        escalation: { ...stamp, usergroup: command.usergroup, announcedTs: undefined },
      });
  }
}
