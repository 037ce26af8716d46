/**
 * Which reactions on an alert message do what (SLACK_REACTIONS), and which emoji the bot uses to show a state on
 * the message: the reaction people use for that action when one is configured (so the bot's mark matches theirs),
 * else a default. A true-positive resolution has no reaction (it needs a note) and always shows :shield:.
 */
import type { ReactionAction } from '../triage/group-states/index.js';
import type { TriageMark } from '../triage/ports/index.js';

/** Reaction name (no colons, no skin tone) → action. */
export type ReactionMap = Readonly<Record<string, ReactionAction>>;

export type MarkEmoji = Readonly<Record<TriageMark, string | undefined>>;

const MARK_ACTION: Readonly<Partial<Record<TriageMark, ReactionAction>>> = {
  acknowledged: 'acknowledge',
  resolved_benign: 'resolve_benign',
  escalated: 'escalate',
  assigned: 'assign_self',
};

/** Without a configured reaction: an assignee is shown in the message only. */
const DEFAULT_MARKS: MarkEmoji = {
  acknowledged: 'eyes',
  assigned: undefined,
  resolved_benign: 'white_check_mark',
  resolved_true_positive: 'shield',
  escalated: 'rotating_light',
};

/** The action of a reaction (`+1::skin-tone-2` counts as `+1`), or undefined for a reaction that does nothing. */
export function reactionAction(map: ReactionMap, reaction: string): ReactionAction | undefined {
  const name = reaction.replace(/::skin-tone-[2-6]$/, '');
  return Object.hasOwn(map, name) ? map[name] : undefined;
}

export function markEmoji(map: ReactionMap): MarkEmoji {
  const configured = (mark: TriageMark): string | undefined =>
    Object.keys(map).find((name) => map[name] === MARK_ACTION[mark]);
  return {
    acknowledged: configured('acknowledged') ?? DEFAULT_MARKS.acknowledged,
    assigned: configured('assigned') ?? DEFAULT_MARKS.assigned,
    resolved_benign: configured('resolved_benign') ?? DEFAULT_MARKS.resolved_benign,
    resolved_true_positive: DEFAULT_MARKS.resolved_true_positive,
    escalated: configured('escalated') ?? DEFAULT_MARKS.escalated,
  };
}
