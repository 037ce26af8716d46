/**
 * Emoji reactions as Slack keeps them on a message: one entry per emoji with the users who reacted, in the order
 * they did. Shared by the Web API methods (the bot reacting) and by people reacting in the test (which also makes
 * the `reaction_added` / `reaction_removed` events Slack would send). Errors are Slack's own codes
 * (docs.slack.dev/reference/methods/reactions.add, reactions.remove).
 */
import type { StoredMessage } from './message-store.js';

/** Slack allows at most 23 different emoji on one message (`too_many_emoji`). */
export const MAX_DISTINCT_EMOJI = 23;

/** A reaction name as Slack accepts it: with or without colons, optionally with a skin tone (`+1::skin-tone-2`). */
export function reactionName(raw: string | undefined): string | undefined {
  const name = raw?.replace(/^:|:$/g, '');
  if (name === undefined || !/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) return undefined;
  return name;
}

/** Adds `user`'s reaction; Slack's error code when it cannot. */
export function addReaction(message: StoredMessage, user: string, name: string): string | undefined {
  const users = message.reactions.get(name);
  if (users?.includes(user) === true) return 'already_reacted';
  if (users === undefined && message.reactions.size >= MAX_DISTINCT_EMOJI) return 'too_many_emoji';
  message.reactions.set(name, [...(users ?? []), user]);
  return undefined;
}

/** Removes `user`'s reaction; `no_reaction` when they had none. */
export function removeReaction(message: StoredMessage, user: string, name: string): string | undefined {
  const users = message.reactions.get(name);
  if (users?.includes(user) !== true) return 'no_reaction';
  const left = users.filter((u) => u !== user);
  if (left.length === 0) message.reactions.delete(name);
  else message.reactions.set(name, left);
  return undefined;
}

/**
 * The `reaction_added` / `reaction_removed` event Slack sends the app for `user` reacting to `message`
 * (docs.slack.dev/reference/events/reaction_added); the envelope's `event_ts` is added by the envelope builder.
 */
export function reactionEvent(
  type: 'reaction_added' | 'reaction_removed',
  message: StoredMessage,
  user: string,
  name: string,
): Record<string, unknown> {
  return {
    type,
    user,
    reaction: name,
    item_user: message.user,
    item: { type: 'message', channel: message.channel, ts: message.ts },
  };
}
