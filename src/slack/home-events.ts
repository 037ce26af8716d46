/**
 * App Home: `app_home_opened` (Events API) publishes the person's home at once, and the workflow's home jobs publish
 * it again when something on it changes. `views.publish` needs no scope beyond the bot token; the person's channels
 * come from `users.conversations` (channels:read, groups:read), and without them the home shows every channel.
 */
import type { App } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { HomeChat } from '../triage/commands/index.js';
import type { ChatResult } from '../triage/ports/index.js';
import { toChatError } from './chat-errors.js';
import { homeView } from './home-view.js';

export function createSlackHome(client: WebClient): HomeChat {
  return {
    async publishHome(report): Promise<ChatResult<void>> {
      try {
        await client.views.publish({ user_id: report.userId, view: homeView(report) as never });
        return { ok: true, value: undefined };
      } catch (error) {
        return { ok: false, error: toChatError(error) };
      }
    },
  };
}

/** The public and private channels a person is in (as far as the bot can see), or undefined when Slack cannot say. */
export function channelsOf(client: WebClient, logger: Logger) {
  return async (userId: string): Promise<readonly string[] | undefined> => {
    const channels: string[] = [];
    let cursor: string | undefined;
    try {
      for (let page = 0; page < 10; page += 1) {
        const result = await client.users.conversations({
          user: userId,
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 200,
          ...(cursor === undefined ? {} : { cursor }),
        });
        channels.push(
          ...(result.channels ?? []).flatMap((channel) => (channel.id === undefined ? [] : [channel.id])),
        );
        cursor = result.response_metadata?.next_cursor;
        if (cursor === undefined || cursor === '') return channels;
      }
      return channels;
    } catch (error) {
      const code = error instanceof WebAPIPlatformError ? error.data.error : String(error);
      logger.warn({ code }, "could not list a person's channels for App Home; showing every channel");
      return undefined;
    }
  };
}

export function registerHomeEvents(
  app: App,
  open: (userId: string) => Promise<ChatResult<void>>,
  logger: Logger,
): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      const published = await open(event.user);
      if (!published.ok) logger.warn({ code: published.error.code }, 'could not publish an App Home');
    } catch (error) {
      logger.error({ err: error }, 'App Home failed');
    }
  });
}
