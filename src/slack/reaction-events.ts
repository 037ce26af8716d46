/**
 * Reactions on alert messages, through the Events API (`reaction_added`, `reaction_removed`; HTTP or Socket Mode).
 * Bolt verifies the request and acknowledges the event before this runs; the event is parsed here (zod: it is
 * outside data), its reaction mapped by SLACK_REACTIONS, and handed to the workflow with the envelope's event_id,
 * which it handles once (Slack's retries and duplicates change nothing). The bot's own reactions (its marks) and
 * reactions that map to nothing are let go at once. A refusal is told privately to the person who reacted.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ReactionEvent, ReactionOutcome } from '../triage/group-states/index.js';
import { reactionAction, type ReactionMap } from './reaction-map.js';
import { triageRefusalText } from './triage-refusal-text.js';

export interface ReactionHandlers {
  react(event: ReactionEvent): Promise<ReactionOutcome>;
}

const reactionEvent = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string().min(1),
  reaction: z.string().min(1).max(100),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
});

const envelope = z.object({ event_id: z.string().min(1).max(100) });

export function registerReactionEvents(
  app: App,
  options: {
    readonly reactions: ReactionMap;
    readonly handlers: ReactionHandlers;
    readonly logger: Logger;
    readonly metrics: Metrics | undefined;
  },
): void {
  const { logger, metrics } = options;
  const count = (type: string, outcome: string): void => {
    metrics?.slackEvents.inc({ type, outcome });
  };

  const listener = async ({
    event,
    body,
    context,
    client,
  }: {
    event: unknown;
    body: unknown;
    context: { botUserId?: string; retryNum?: number };
    client: App['client'];
  }): Promise<void> => {
    const parsed = reactionEvent.safeParse(event);
    const delivery = envelope.safeParse(body);
    if (!parsed.success || !delivery.success) {
      count('reaction', 'invalid');
      logger.warn(
        { issues: parsed.error?.issues ?? delivery.error?.issues },
        'a reaction event Slack sent could not be read',
      );
      return;
    }
    const { type, user, reaction, item } = parsed.data;
    const action = reactionAction(options.reactions, reaction);
    if (
      item.type !== 'message' ||
      item.channel === undefined ||
      item.ts === undefined ||
      action === undefined
    ) {
      count(type, 'ignored');
      return;
    }
    if (user === context.botUserId) {
      count(type, 'own');
      return;
    }
    let outcome: ReactionOutcome;
    try {
      outcome = await options.handlers.react({
        eventId: delivery.data.event_id,
        user,
        action,
        reaction,
        added: type === 'reaction_added',
        channel: item.channel,
        ts: item.ts,
      });
    } catch (error) {
      count(type, 'failed');
      logger.error(
        { err: error, eventId: delivery.data.event_id, retryNum: context.retryNum },
        'a reaction could not be handled',
      );
      return;
    }
    count(type, outcome.kind === 'ignored' ? 'ignored' : outcome.kind);
    if (outcome.kind === 'duplicate') {
      logger.debug(
        { eventId: delivery.data.event_id, retryNum: context.retryNum },
        'a reaction event arrived again',
      );
    }
    if (outcome.kind !== 'refused') return;
    // Another app's reaction: there is no person to tell.
    if (outcome.refusal.code === 'triage_not_allowed' && outcome.refusal.refusal.code === 'bot') return;
    await client.chat
      .postEphemeral({ channel: item.channel, user, text: triageRefusalText(outcome.refusal) })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'could not tell a person why their reaction did nothing'),
      );
  };

  app.event('reaction_added', listener);
  app.event('reaction_removed', listener);
}
