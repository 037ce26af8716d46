import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** A channel the fake knows. Unknown channel ids answer `channel_not_found`, as on Slack. */
export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  readonly isPrivate?: boolean;
  /** Whether the bot was invited. Public non-member channels need `chat:write.public`; private ones are invisible. */
  readonly isMember?: boolean;
  readonly isArchived?: boolean;
  /** The people in the channel (`users.conversations`); default: everyone in a public channel, nobody in a private one. */
  readonly members?: readonly string[];
}

export interface FakeUser {
  readonly id: string;
  /** The handle (`username` in payloads, `name` in `users.info`). */
  readonly name: string;
  readonly realName?: string;
  readonly isBot?: boolean;
  readonly deleted?: boolean;
  /** Guests are restricted. */
  readonly isRestricted?: boolean;
  readonly isAdmin?: boolean;
}

/** The workspace the fake pretends to be; every field has a default (see {@link DEFAULT_WORKSPACE}). */
export interface FakeWorkspace {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  readonly enterpriseId?: string;
  readonly appId: string;
  readonly botId: string;
  readonly botUserId: string;
  readonly botName: string;
  /** Bot tokens the fake accepts; any other token answers `invalid_auth`. */
  readonly botTokens: readonly string[];
  /** The legacy verification token Slack still puts in payloads. */
  readonly verificationToken: string;
  readonly channels: readonly FakeChannel[];
  readonly users: readonly FakeUser[];
  /** User group id → member ids. */
  readonly usergroups: Readonly<Record<string, readonly string[]>>;
  /**
   * When set, `usergroups.users.list` answers this error: a Free workspace answers `plan_upgrade_required`
   * (older workspaces and docs: `paid_teams_only`); a user token of the wrong type `not_allowed_token_type`.
   */
  readonly usergroupsError?: string;
  /** Scopes granted to the bot token; `'all'` grants everything. Default: the bot scopes of `manifest.yml`. */
  readonly scopes: readonly string[] | 'all';
}

export const DEFAULT_BOT_TOKEN = 'xoxb-1111111111-2222222222222-fakefakefakefakefakefake';
export const DEFAULT_SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';

export const DEFAULT_WORKSPACE: Omit<FakeWorkspace, 'scopes'> = {
  teamId: 'T0FALCO01',
  teamDomain: 'acme-sec',
  teamName: 'Acme Security',
  appId: 'A0FALCO01',
  botId: 'B0FALCO01',
  botUserId: 'U0FALCOBOT',
  botName: 'falco-triage',
  botTokens: [DEFAULT_BOT_TOKEN],
  verificationToken: 'fakeVerificationToken0001',
  channels: [
    { id: 'C0ALERTS01', name: 'falco-alerts', isMember: true },
    { id: 'C0ALERTS02', name: 'falco-critical', isMember: true },
    { id: 'C0SECOPS01', name: 'sec-ops', isMember: false },
    { id: 'G0PRIVATE1', name: 'private-incident', isPrivate: true, isMember: false },
  ],
  users: [
    { id: 'U0ALICE001', name: 'alice', realName: 'Alice Analyst' },
    { id: 'U0BOB00001', name: 'bob', realName: 'Bob Approver' },
    { id: 'U0CAROL001', name: 'carol', realName: 'Carol Approver' },
    { id: 'U0DAVE0001', name: 'dave', realName: 'Dave Developer' },
    { id: 'U0GUEST001', name: 'gus', realName: 'Gus Guest', isRestricted: true },
    { id: 'U0GONE0001', name: 'olivia', realName: 'Olivia Former', deleted: true },
    { id: 'U0FALCOBOT', name: 'falco-triage', realName: 'falco-triage', isBot: true },
  ],
  usergroups: { S0APPROVE1: ['U0BOB00001', 'U0CAROL001'] },
};

/** The bot scopes declared in the repository's `manifest.yml` (the scopes a real install would grant). */
export function manifestBotScopes(
  manifestPath = path.resolve(import.meta.dirname, '../../../manifest.yml'),
): string[] {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  };
  const bot = manifest.oauth_config?.scopes?.bot;
  if (!Array.isArray(bot) || !bot.every((s) => typeof s === 'string')) {
    throw new Error(`${manifestPath}: oauth_config.scopes.bot is not a list of scopes`);
  }
  return bot;
}

/** Fills a partial workspace with defaults; scopes default to the manifest's. */
export function resolveWorkspace(partial: Partial<FakeWorkspace> = {}): FakeWorkspace {
  return { ...DEFAULT_WORKSPACE, scopes: partial.scopes ?? manifestBotScopes(), ...partial };
}

/** Finds a channel by id, `#name` or `name` (chat.postMessage accepts all three). */
export function findChannel(ws: FakeWorkspace, ref: string): FakeChannel | undefined {
  const name = ref.startsWith('#') ? ref.slice(1) : ref;
  return ws.channels.find((c) => c.id === ref || c.name === name);
}

export function findUser(ws: FakeWorkspace, id: string): FakeUser | undefined {
  return ws.users.find((u) => u.id === id);
}

export function hasScope(ws: FakeWorkspace, scope: string): boolean {
  return ws.scopes === 'all' || ws.scopes.includes(scope);
}
