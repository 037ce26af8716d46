import type { KnownBlock, WebClient } from '@slack/web-api';
import { err, ok } from '../result.js';
import type { ChatPort, ChatResult } from '../triage/ports/index.js';
import { alertMessage } from './alert-message.js';
import { explanationMessage } from './explanation-message.js';
import { proposalMessage } from './proposal-message.js';
import { toChatError } from './chat-errors.js';
import { threadReplyMessage } from './thread-reply.js';
import { createBotReactions } from './bot-reactions.js';
import { markEmoji, type ReactionMap } from './reaction-map.js';

/** Our builders produce plain JSON checked against Slack's limits in tests; the Web API types want KnownBlock. */
export function asBlocks(blocks: readonly Record<string, unknown>[]): KnownBlock[] {
  return blocks as unknown as KnownBlock[];
}

/**
 * The workflow's chat port over Slack's Web API. The client must be created with retries off and
 * `rejectRateLimitedCalls: true` (see slack-client.ts): the outbox does the retrying, with Slack's Retry-After.
 */
export function createSlackChat(
  client: WebClient,
  now: () => number,
  options: { readonly reactions?: ReactionMap } = {},
): ChatPort {
  const showMarks = createBotReactions(client, markEmoji(options.reactions ?? {}));
  async function attempt<T>(call: () => Promise<T>): Promise<ChatResult<T>> {
    try {
      return ok(await call());
    } catch (error) {
      return err(toChatError(error));
    }
  }

  return {
    postGroup: (channel, view) =>
      attempt(async () => {
        const message = alertMessage(view, now());
        const result = await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: asBlocks(message.blocks),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ts: String(result.ts) };
      }),
    updateGroup: (channel, ts, view) =>
      attempt(async () => {
        const message = alertMessage(view, now());
        await client.chat.update({ channel, ts, text: message.text, blocks: asBlocks(message.blocks) });
      }),
    postProposal: (channel, threadTs, view) =>
      attempt(async () => {
        const message = proposalMessage(view, now());
        const result = await client.chat.postMessage({
          channel,
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
          text: message.text,
          blocks: asBlocks(message.blocks),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ts: String(result.ts) };
      }),
    updateProposal: (channel, ts, view) =>
      attempt(async () => {
        const message = proposalMessage(view, now());
        await client.chat.update({ channel, ts, text: message.text, blocks: asBlocks(message.blocks) });
      }),
    postExplanation: (channel, threadTs, report, requestedBy, rules) =>
      attempt(async () => {
        const message = explanationMessage(report, rules === undefined ? {} : { rules });
        const result = await client.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: `${message.text} (asked by <@${requestedBy}>)`,
          blocks: asBlocks(message.blocks),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ts: String(result.ts) };
      }),
    showMarks: (channel, ts, marks) => attempt(() => showMarks(channel, ts, marks)),
    permalink: async (channel, ts) => {
      try {
        const result = await client.chat.getPermalink({ channel, message_ts: ts });
        return result.permalink;
      } catch {
        return undefined;
      }
    },
    postThreadReply: (channel, threadTs, reply) =>
      attempt(async () => {
        const message = threadReplyMessage(reply);
        const result = await client.chat.postMessage({
          channel,
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
          text: message.text,
          blocks: asBlocks(message.blocks),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ts: String(result.ts) };
      }),
  };
}
