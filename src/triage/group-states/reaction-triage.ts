/**
 * Reactions on alert messages as triage actions. The chat adapter maps a reaction to one of these actions (for
 * Slack: SLACK_REACTIONS) and hands over the event; this decides what it does, like a button from stored state:
 *
 *   added:   acknowledge · resolve as benign · escalate · assign to the person who reacted
 *   removed: undoes what that person's reaction did (their acknowledgement, their benign resolution, their own
 *            assignment); an escalation stays (a mention cannot be taken back), and so does anyone else's decision.
 *
 * An event is handled once: Slack's retries and duplicates carry the same event id, claimed in the inbox first.
 * Refusals worth telling (the person may not do this, or escalation is not set up) come back to be said privately;
 * a reaction on a state that already is what it asks, or a removal with nothing of theirs to undo, changes nothing
 * and says nothing, since the message shows the state.
 */
import type { TriageRefusal, TriageStore, Clock } from '../ports/index.js';
import type { GroupTriage, TriageRequestCommand } from './group-triage.js';

export type ReactionAction = 'acknowledge' | 'resolve_benign' | 'escalate' | 'assign_self';

export interface ReactionEvent {
  /** The delivery's id (Slack: the envelope's `event_id`). */
  readonly eventId: string;
  readonly user: string;
  readonly action: ReactionAction;
  /** The reaction as named in the chat (audited). */
  readonly reaction: string;
  readonly added: boolean;
  readonly channel: string;
  readonly ts: string;
}

export type ReactionOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'ignored'; readonly reason: 'not_an_alert' | 'not_undoable' | 'unchanged' }
  | { readonly kind: 'refused'; readonly refusal: TriageRefusal };

/** Slack retries within minutes; a day of event ids is plenty. */
const REMEMBER_EVENTS_MS = 24 * 3600_000;

/** Refusals the person is told about; the others mean the state already is (or moved past) what they asked. */
const TOLD = new Set<TriageRefusal['code']>([
  'triage_not_allowed',
  'assignee_not_allowed',
  'escalation_not_configured',
]);

function commandOf(event: ReactionEvent): TriageRequestCommand | undefined {
  switch (event.action) {
    case 'acknowledge':
      return event.added ? { kind: 'acknowledge' } : { kind: 'unacknowledge', own: true };
    case 'resolve_benign':
      return event.added
        ? { kind: 'resolve', resolution: 'benign', note: undefined }
        : { kind: 'reopen', own: true };
    case 'assign_self':
      return event.added ? { kind: 'assign', assignee: event.user } : { kind: 'unassign', own: true };
    case 'escalate':
      return event.added ? { kind: 'escalate' } : undefined;
  }
}

export function createReactionTriage(deps: {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly triage: GroupTriage;
}): { react(event: ReactionEvent): Promise<ReactionOutcome> } {
  return {
    async react(event) {
      const group = await deps.triage.groupOfMessage(event.channel, event.ts);
      if (group === undefined) return { kind: 'ignored', reason: 'not_an_alert' };
      const now = deps.clock.now();
      const first = await deps.store.inbox.claim(
        event.eventId,
        now,
        new Date(now.getTime() - REMEMBER_EVENTS_MS),
      );
      if (!first) return { kind: 'duplicate' };
      const command = commandOf(event);
      if (command === undefined) return { kind: 'ignored', reason: 'not_undoable' };
      const outcome = await deps.triage.apply({
        target: { groupId: group.id },
        command,
        actor: event.user,
        via: 'reaction',
        details: {
          reaction: event.reaction,
          eventId: event.eventId,
          ...(event.added ? {} : { removed: true }),
        },
      });
      if (outcome.ok) return { kind: 'applied' };
      if (!event.added || !TOLD.has(outcome.error.code)) return { kind: 'ignored', reason: 'unchanged' };
      return { kind: 'refused', refusal: outcome.error };
    },
  };
}
