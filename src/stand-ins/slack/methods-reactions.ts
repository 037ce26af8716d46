import { slackMessage, type StoredMessage } from './message-store.js';
import {
  fail,
  missingScope,
  resolveChannel,
  str,
  type Args,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
} from './method-context.js';
import { addReaction, reactionName, removeReaction } from './reactions.js';

/**
 * The message a reactions method names (`channel` + `timestamp`), or Slack's error: `no_item_specified` without a
 * timestamp, `bad_timestamp` for one that is not a ts, `message_not_found` for no (live) message.
 */
function item(ctx: MethodContext, args: Args): StoredMessage | MethodResult {
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'read');
  if ('error' in resolved) return resolved.error;
  const ts = str(args, 'timestamp');
  if (ts === undefined) return fail('no_item_specified');
  if (!/^\d+\.\d+$/.test(ts)) return fail('bad_timestamp');
  const message = ctx.messages.find(resolved.channel.id, ts);
  if (message === undefined || message.deleted) return fail('message_not_found');
  return message;
}

function isMessage(value: StoredMessage | MethodResult): value is StoredMessage {
  return 'ts' in value && 'content' in value;
}

/** `reactions.add` and `reactions.remove`: the bot user reacts, or takes its reaction back. */
function change(kind: 'add' | 'remove'): MethodHandler {
  return (ctx, args) => {
    const scope = missingScope(ctx, 'reactions:write');
    if (scope) return scope;
    const name = reactionName(str(args, 'name'));
    if (name === undefined) return fail('invalid_name');
    const message = item(ctx, args);
    if (!isMessage(message)) return message;
    const error =
      kind === 'add'
        ? addReaction(message, ctx.ws.botUserId, name)
        : removeReaction(message, ctx.ws.botUserId, name);
    return error === undefined ? { ok: true } : fail(error);
  };
}

/** `reactions.get`: the message with its reactions (`full` is accepted; the fake always lists every user). */
const get: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'reactions:read');
  if (scope) return scope;
  const message = item(ctx, args);
  if (!isMessage(message)) return message;
  return {
    ok: true,
    type: 'message',
    channel: message.channel,
    message: slackMessage(message, ctx.ws.teamId, ctx.messages),
  };
};

export const REACTION_METHODS: Readonly<Record<string, MethodHandler>> = {
  'reactions.add': change('add'),
  'reactions.remove': change('remove'),
  'reactions.get': get,
};
