import type { MessageStore } from './message-store.js';
import type { ViewStore } from './view-store.js';
import { findChannel, hasScope, type FakeChannel, type FakeWorkspace } from './workspace.js';

/** Arguments of one Web API call, as parsed from the form or JSON body (JSON-valued fields already decoded). */
export type Args = Readonly<Record<string, unknown>>;

/** What a method answers (HTTP 200): `{ ok: true, … }` or `{ ok: false, error, … }`. */
export type MethodResult = { readonly ok: boolean } & Record<string, unknown>;

export interface MethodContext {
  readonly ws: FakeWorkspace;
  readonly messages: MessageStore;
  readonly views: ViewStore;
  readonly nowMs: number;
  readonly triggerTtlMs: number;
  /** Check Slack's undocumented cap on text summed over all blocks (`msg_blocks_too_long`). */
  readonly enforceBlocksTotal: boolean;
}

export type MethodHandler = (ctx: MethodContext, args: Args) => MethodResult;

export function fail(error: string, extra: Record<string, unknown> = {}): MethodResult {
  return { ok: false, error, ...extra };
}

export function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Form bodies carry booleans as `"true"`/`"1"`; JSON bodies as booleans. */
export function flag(args: Args, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** `missing_scope` as Slack words it, or undefined when the bot token holds the scope. */
export function missingScope(ctx: MethodContext, scope: string): MethodResult | undefined {
  if (hasScope(ctx.ws, scope)) return undefined;
  const provided = ctx.ws.scopes === 'all' ? '' : ctx.ws.scopes.join(',');
  return fail('missing_scope', { needed: scope, provided });
}

/**
 * Resolves the `channel` argument like Slack: unknown ids and private channels the bot is not in are
 * `channel_not_found`; writing to an archived channel is `is_archived`; posting to a public channel the bot was
 * not invited to needs `chat:write.public`, else `not_in_channel`.
 */
export function resolveChannel(
  ctx: MethodContext,
  ref: string | undefined,
  mode: 'read' | 'write',
): { channel: FakeChannel } | { error: MethodResult } {
  const channel = ref === undefined ? undefined : findChannel(ctx.ws, ref);
  if (channel === undefined) return { error: fail('channel_not_found') };
  if (channel.isPrivate === true && channel.isMember !== true) return { error: fail('channel_not_found') };
  if (mode === 'write') {
    if (channel.isArchived === true) return { error: fail('is_archived') };
    if (channel.isMember !== true && !hasScope(ctx.ws, 'chat:write.public')) {
      return { error: fail('not_in_channel') };
    }
  }
  return { channel };
}
