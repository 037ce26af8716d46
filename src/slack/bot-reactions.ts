/**
 * The chat port's marks over Slack: the bot's own reactions on an alert message. One reactions.get to see which of
 * its marks the message carries, then reactions.add / reactions.remove for the difference; people's reactions are
 * never touched (Slack only lets the bot take back its own). `already_reacted` and `no_reaction` mean another
 * replica (or a retry) got there first, which is the outcome wanted.
 */
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { TriageMark } from '../triage/ports/index.js';
import type { MarkEmoji } from './reaction-map.js';

async function unless(code: string, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof WebAPIPlatformError && error.data.error === code)) throw error;
  }
}

export function createBotReactions(
  client: WebClient,
  emoji: MarkEmoji,
): (channel: string, ts: string, marks: readonly TriageMark[]) => Promise<void> {
  const managed = new Set(Object.values(emoji).filter((name): name is string => name !== undefined));
  let self: Promise<string> | undefined;
  const botUser = (): Promise<string> => {
    self ??= client.auth.test().then(
      (answer) => String(answer.user_id),
      (error: unknown) => {
        self = undefined;
        throw error;
      },
    );
    return self;
  };

  return async (channel, ts, marks) => {
    const wanted = [
      ...new Set(marks.map((mark) => emoji[mark]).filter((name): name is string => name !== undefined)),
    ];
    const me = await botUser();
    const got = await client.reactions.get({ channel, timestamp: ts, full: true });
    const mine = (got.message?.reactions ?? [])
      .filter((reaction) => reaction.users?.includes(me) === true)
      .map((reaction) => reaction.name ?? '');
    for (const name of mine) {
      if (managed.has(name) && !wanted.includes(name)) {
        await unless('no_reaction', client.reactions.remove({ channel, timestamp: ts, name }));
      }
    }
    for (const name of wanted) {
      if (!mine.includes(name)) {
        await unless('already_reacted', client.reactions.add({ channel, timestamp: ts, name }));
      }
    }
  };
}
