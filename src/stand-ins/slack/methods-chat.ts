import { BLOCK_KIT_LIMITS, totalText } from './block-kit-limits.js';
import { validateBlocks } from './block-kit-validate.js';
import { withGeneratedIds } from './block-walk.js';
import { slackMessage, type MessageContent, type StoredMessage } from './message-store.js';
import {
  fail,
  flag,
  missingScope,
  resolveChannel,
  str,
  type Args,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
} from './method-context.js';
import { findUser } from './workspace.js';

const MAX_ATTACHMENTS = 100;

/**
 * Checks the message content of `chat.postMessage`/`chat.update`/`chat.postEphemeral` as Slack does:
 * `invalid_blocks_format`, `invalid_blocks` with the problems, `msg_blocks_too_long`, `msg_too_long`, `no_text`.
 * `previous` is the content an update starts from (omitted fields are kept, as `chat.update` does).
 */
function content(ctx: MethodContext, args: Args, previous?: MessageContent): MessageContent | MethodResult {
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (args.attachments !== undefined && !Array.isArray(args.attachments)) return fail('invalid_attachments');
  if (Array.isArray(args.attachments) && args.attachments.length > MAX_ATTACHMENTS) {
    return fail('too_many_attachments');
  }
  if (Array.isArray(blocks) && blocks.length > 0) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length > 0) {
      return fail('invalid_blocks', {
        errors: problems,
        response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
      });
    }
    if (ctx.enforceBlocksTotal && totalText(blocks) > BLOCK_KIT_LIMITS.messageBlocksTotalText) {
      return fail('msg_blocks_too_long');
    }
  }
  const text = str(args, 'text') ?? previous?.text ?? '';
  if (text.length > BLOCK_KIT_LIMITS.messageText) return fail('msg_too_long');
  // An empty array removes the previous blocks/attachments; an absent field keeps them.
  const nextBlocks = Array.isArray(blocks)
    ? blocks.length > 0
      ? withGeneratedIds(blocks)
      : undefined
    : previous?.blocks;
  const attachments = Array.isArray(args.attachments)
    ? args.attachments.length > 0
      ? args.attachments
      : undefined
    : previous?.attachments;
  if (text === '' && nextBlocks === undefined && attachments === undefined) return fail('no_text');
  const metadata = args.metadata ?? previous?.metadata;
  return {
    text,
    ...(nextBlocks !== undefined ? { blocks: nextBlocks } : {}),
    ...(attachments !== undefined ? { attachments } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}

function isResult(value: MessageContent | MethodResult): value is MethodResult {
  return 'ok' in value;
}

const bot = (ctx: MethodContext): { user: string; botId: string; appId: string } => ({
  user: ctx.ws.botUserId,
  botId: ctx.ws.botId,
  appId: ctx.ws.appId,
});

/** The live message `ts` names in `channel`, or Slack's `message_not_found`. */
function target(ctx: MethodContext, channel: string, ts: string | undefined): StoredMessage | MethodResult {
  const message = ts === undefined ? undefined : ctx.messages.find(channel, ts);
  if (message === undefined || message.deleted) return fail('message_not_found');
  return message;
}

function isMessage(value: StoredMessage | MethodResult): value is StoredMessage {
  return 'ts' in value && 'content' in value;
}

const postMessage: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'chat:write');
  if (scope) return scope;
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'write');
  if ('error' in resolved) return resolved.error;
  const body = content(ctx, args);
  if (isResult(body)) return body;
  const threadTs = str(args, 'thread_ts');
  const message = ctx.messages.post(resolved.channel.id, body, bot(ctx), {
    ...(threadTs !== undefined ? { threadTs } : {}),
    replyBroadcast: flag(args, 'reply_broadcast'),
    nowMs: ctx.nowMs,
  });
  return {
    ok: true,
    channel: resolved.channel.id,
    ts: message.ts,
    message: slackMessage(message, ctx.ws.teamId, ctx.messages),
  };
};

const update: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'chat:write');
  if (scope) return scope;
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'read');
  if ('error' in resolved) return resolved.error;
  const message = target(ctx, resolved.channel.id, str(args, 'ts'));
  if (!isMessage(message)) return message;
  if (message.botId !== ctx.ws.botId) return fail('cant_update_message');
  const body = content(ctx, args, message.content);
  if (isResult(body)) return body;
  ctx.messages.edit(message, body, ctx.nowMs);
  return {
    ok: true,
    channel: resolved.channel.id,
    ts: message.ts,
    text: body.text,
    message: slackMessage(message, ctx.ws.teamId, ctx.messages),
  };
};

const postEphemeral: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'chat:write');
  if (scope) return scope;
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'write');
  if ('error' in resolved) return resolved.error;
  const user = str(args, 'user');
  if (user === undefined || findUser(ctx.ws, user) === undefined) return fail('user_not_found');
  const body = content(ctx, args);
  if (isResult(body)) return body;
  const threadTs = str(args, 'thread_ts');
  const ts = ctx.messages.nextTs(ctx.nowMs);
  ctx.messages.ephemerals.push({
    ...body,
    channel: resolved.channel.id,
    user,
    ts,
    ...(threadTs !== undefined ? { threadTs } : {}),
    via: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: ts };
};

const remove: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'chat:write');
  if (scope) return scope;
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'read');
  if ('error' in resolved) return resolved.error;
  const message = target(ctx, resolved.channel.id, str(args, 'ts'));
  if (!isMessage(message)) return message;
  if (message.botId !== ctx.ws.botId) return fail('cant_delete_message');
  message.deleted = true;
  return { ok: true, channel: resolved.channel.id, ts: message.ts };
};

const getPermalink: MethodHandler = (ctx, args) => {
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'read');
  if ('error' in resolved) return resolved.error;
  const message = target(ctx, resolved.channel.id, str(args, 'message_ts'));
  if (!isMessage(message)) return message;
  const id = resolved.channel.id;
  let permalink = `https://${ctx.ws.teamDomain}.slack.com/archives/${id}/p${message.ts.replace('.', '')}`;
  if (message.threadTs !== undefined) permalink += `?thread_ts=${message.threadTs}&cid=${id}`;
  return { ok: true, channel: id, permalink };
};

const replies: MethodHandler = (ctx, args) => {
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'read');
  if ('error' in resolved) return resolved.error;
  const scope = missingScope(
    ctx,
    resolved.channel.isPrivate === true ? 'groups:history' : 'channels:history',
  );
  if (scope) return scope;
  const ts = str(args, 'ts');
  const found = ts === undefined ? undefined : ctx.messages.find(resolved.channel.id, ts);
  if (found === undefined || found.deleted || found.orphaned) return fail('thread_not_found');
  const parent =
    found.threadTs === undefined ? found : ctx.messages.find(resolved.channel.id, found.threadTs);
  if (parent === undefined) return fail('thread_not_found');
  const thread = [parent, ...ctx.messages.replies(resolved.channel.id, parent.ts)];
  return {
    ok: true,
    messages: thread.map((m) => slackMessage(m, ctx.ws.teamId, ctx.messages)),
    has_more: false,
    response_metadata: { next_cursor: '' },
  };
};

export const CHAT_METHODS: Readonly<Record<string, MethodHandler>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
  'conversations.replies': replies,
};
