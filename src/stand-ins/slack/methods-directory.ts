import { fail, missingScope, resolveChannel, str, type MethodHandler } from './method-context.js';
import { findUser } from './workspace.js';

const authTest: MethodHandler = (ctx) => ({
  ok: true,
  url: `https://${ctx.ws.teamDomain}.slack.com/`,
  team: ctx.ws.teamName,
  user: ctx.ws.botName,
  team_id: ctx.ws.teamId,
  user_id: ctx.ws.botUserId,
  bot_id: ctx.ws.botId,
  app_id: ctx.ws.appId,
  is_enterprise_install: false,
});

const usersInfo: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'users:read');
  if (scope) return scope;
  const id = str(args, 'user');
  const user = id === undefined ? undefined : findUser(ctx.ws, id);
  if (user === undefined) return fail('user_not_found');
  const realName = user.realName ?? user.name;
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: ctx.ws.teamId,
      name: user.name,
      deleted: user.deleted ?? false,
      real_name: realName,
      tz: 'Europe/Berlin',
      is_admin: user.isAdmin ?? false,
      is_owner: false,
      is_bot: user.isBot ?? false,
      is_app_user: false,
      is_restricted: user.isRestricted ?? false,
      is_ultra_restricted: false,
      profile: { real_name: realName, display_name: user.name, team: ctx.ws.teamId },
    },
  };
};

/**
 * `usergroups.users.list`: members of a user group, or the workspace's configured error (a Free plan answers
 * `plan_upgrade_required`; see {@link FakeWorkspace.usergroupsError}).
 */
const usergroupUsers: MethodHandler = (ctx, args) => {
  const scope = missingScope(ctx, 'usergroups:read');
  if (scope) return scope;
  if (ctx.ws.usergroupsError !== undefined) return fail(ctx.ws.usergroupsError);
  const id = str(args, 'usergroup');
  const members = id === undefined ? undefined : ctx.ws.usergroups[id];
  if (members === undefined) return fail('no_such_subteam');
  return { ok: true, users: [...members] };
};

/**
 * `users.conversations` for a person: the channels they are in that the bot may see (public ones; private ones it
 * is in). Needs channels:read for public and groups:read for private channels, as on Slack.
 */
const usersConversations: MethodHandler = (ctx, args) => {
  const types = (str(args, 'types') ?? 'public_channel').split(',');
  if (types.includes('public_channel')) {
    const scope = missingScope(ctx, 'channels:read');
    if (scope) return scope;
  }
  if (types.includes('private_channel')) {
    const scope = missingScope(ctx, 'groups:read');
    if (scope) return scope;
  }
  const userId = str(args, 'user') ?? ctx.ws.botUserId;
  if (findUser(ctx.ws, userId) === undefined) return fail('user_not_found');
  const channels = ctx.ws.channels.filter((channel) => {
    const privateChannel = channel.isPrivate === true;
    if (!types.includes(privateChannel ? 'private_channel' : 'public_channel')) return false;
    if (privateChannel && channel.isMember !== true) return false;
    return channel.members?.includes(userId) ?? !privateChannel;
  });
  return {
    ok: true,
    channels: channels.map((channel) => ({
      id: channel.id,
      name: channel.name,
      is_private: channel.isPrivate ?? false,
    })),
    response_metadata: { next_cursor: '' },
  };
};

const conversationsInfo: MethodHandler = (ctx, args) => {
  const resolved = resolveChannel(ctx, str(args, 'channel'), 'read');
  if ('error' in resolved) return resolved.error;
  const c = resolved.channel;
  const scope = missingScope(ctx, c.isPrivate === true ? 'groups:read' : 'channels:read');
  if (scope) return scope;
  return {
    ok: true,
    channel: {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      is_channel: c.isPrivate !== true,
      is_group: c.isPrivate === true,
      is_im: false,
      is_mpim: false,
      is_private: c.isPrivate === true,
      is_archived: c.isArchived === true,
      is_general: false,
      is_member: c.isMember === true,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      context_team_id: ctx.ws.teamId,
      created: 1700000000,
      creator: 'U0ALICE001',
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
    },
  };
};

export const DIRECTORY_METHODS: Readonly<Record<string, MethodHandler>> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
  'conversations.info': conversationsInfo,
  'users.conversations': usersConversations,
};
