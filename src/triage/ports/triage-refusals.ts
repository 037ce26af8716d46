/**
 * How the workflow says no to a triage action on an alert group (a button, the assignee picker, the resolve form, a
 * reaction): a code and the facts, worded by the chat adapter (for Slack: src/slack/triage-refusal-text.ts).
 */
import type { Resolution, TriageStamp } from './triage-records.js';

/** The triage actions, as refusals name them. */
export type TriageAction =
  'acknowledge' | 'unacknowledge' | 'assign' | 'unassign' | 'resolve' | 'reopen' | 'escalate';

/** Who may triage alerts: RESPONDERS and members of RESPONDER_GROUP (and approvers); anyone when neither is set. */
export interface Responders {
  readonly users: readonly string[];
  readonly group: string | undefined;
}

/** Why a person may not triage (or may not be assigned an alert). */
export type PersonRefusal =
  /** Responders are configured and this person is not one of them. */
  | { readonly code: 'not_a_responder'; readonly responders: Responders }
  /** A guest (single- or multi-channel) of the workspace. */
  | { readonly code: 'guest' }
  | { readonly code: 'bot' }
  | { readonly code: 'deactivated' }
  /** Slack could not be asked about the person or the group right now (`detail`: why). */
  | { readonly code: 'person_check_failed'; readonly detail: string };

export type TriageRefusal =
  | { readonly code: 'group_not_found' }
  | { readonly code: 'triage_not_allowed'; readonly action: TriageAction; readonly refusal: PersonRefusal }
  | { readonly code: 'assignee_not_allowed'; readonly assignee: string; readonly refusal: PersonRefusal }
  | ({ readonly code: 'already_acknowledged' } & TriageStamp)
  | { readonly code: 'not_acknowledged' }
  | ({ readonly code: 'already_resolved'; readonly resolution: Resolution } & TriageStamp)
  | { readonly code: 'not_resolved' }
  | { readonly code: 'already_assigned'; readonly assignee: string }
  | { readonly code: 'not_assigned' }
  | ({ readonly code: 'already_escalated'; readonly usergroup: string } & TriageStamp)
  /** No escalation group is configured for this alert's priority or channel. */
  | { readonly code: 'escalation_not_configured'; readonly priority: string; readonly channel: string }
  /** A true positive needs a note: what was found and what was done. */
  | { readonly code: 'note_required' }
  | { readonly code: 'note_too_long'; readonly max: number }
  /** Taking back a reaction undoes only what that person's reaction did; this state is someone else's doing. */
  | { readonly code: 'not_yours'; readonly by: string };

export type TriageRefusalCode = TriageRefusal['code'];
