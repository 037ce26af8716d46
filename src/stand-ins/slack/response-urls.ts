import { randomBytes } from 'node:crypto';
import { isRecord } from './block-kit-limits.js';
import { validateBlocks } from './block-kit-validate.js';
import { withGeneratedIds } from './block-walk.js';
import type { MessageContent, MessageStore } from './message-store.js';

/** Slack allows five posts to one response_url within 30 minutes of the interaction. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlOrigin {
  readonly kind: 'command' | 'action';
  readonly channel: string;
  readonly userId: string;
  /** For actions on a message: the message `replace_original` / `delete_original` act on. */
  readonly messageTs?: string;
  readonly ephemeralSource?: boolean;
}

export type ResponseEffect = 'replaced' | 'deleted' | 'in_channel' | 'ephemeral' | 'rejected';

/** One POST the bot made to a response_url, as recorded for tests. */
export interface ResponsePost {
  readonly id: string;
  readonly origin: ResponseUrlOrigin;
  readonly body: unknown;
  readonly status: number;
  readonly effect: ResponseEffect;
  readonly error?: string;
  readonly atMs: number;
}

interface Issued extends ResponseUrlOrigin {
  readonly issuedMs: number;
  uses: number;
}

export interface ResponseContext {
  readonly messages: MessageStore;
  readonly bot: { user: string; botId: string; appId: string };
  readonly nowMs: number;
}

export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();
  readonly posts: ResponsePost[] = [];

  /** Registers a response_url for an interaction; `baseUrl` is the fake's origin (`http://127.0.0.1:PORT`). */
  issue(baseUrl: string, origin: ResponseUrlOrigin, nowMs: number): string {
    const id = `${origin.kind === 'command' ? 'commands' : 'actions'}/${randomBytes(12).toString('hex')}`;
    this.issued.set(id, { ...origin, issuedMs: nowMs, uses: 0 });
    return `${baseUrl}/respond/${id}`;
  }

  /** Handles `POST /respond/<id>` and applies its effect, answering like Slack's response_url endpoint. */
  handle(id: string, body: unknown, ctx: ResponseContext): { status: number; json: Record<string, unknown> } {
    const origin = this.issued.get(id);
    const reject = (status: number, error: string): { status: number; json: Record<string, unknown> } => {
      if (origin !== undefined) {
        this.posts.push({ id, origin, body, status, effect: 'rejected', error, atMs: ctx.nowMs });
      }
      return { status, json: { ok: false, error } };
    };
    if (origin === undefined) return reject(404, 'no_such_url');
    if (ctx.nowMs - origin.issuedMs > RESPONSE_URL_TTL_MS) return reject(404, 'expired_url');
    if (origin.uses >= RESPONSE_URL_MAX_USES) return reject(404, 'used_url');
    if (!isRecord(body)) return reject(400, 'invalid_payload');
    const deleteOriginal = body.delete_original === true || body.delete_original === 'true';
    const content = contentOf(body);
    if (!deleteOriginal && content === undefined) return reject(400, 'no_text');
    if (content?.blocks !== undefined) {
      const problems = validateBlocks(content.blocks, 'message');
      if (problems.length > 0) return reject(400, 'invalid_blocks');
    }
    origin.uses += 1;
    const effect = this.apply(origin, body, content, deleteOriginal, ctx);
    this.posts.push({ id, origin, body, status: 200, effect, atMs: ctx.nowMs });
    return { status: 200, json: { ok: true } };
  }

  clear(): void {
    this.issued.clear();
    this.posts.length = 0;
  }

  private apply(
    origin: Issued,
    body: Record<string, unknown>,
    content: MessageContent | undefined,
    deleteOriginal: boolean,
    ctx: ResponseContext,
  ): ResponseEffect {
    const original =
      origin.messageTs !== undefined && origin.ephemeralSource !== true
        ? ctx.messages.find(origin.channel, origin.messageTs)
        : undefined;
    if (deleteOriginal) {
      if (original !== undefined) original.deleted = true;
      return 'deleted';
    }
    if (content === undefined) return 'rejected';
    const replace = body.replace_original === true || body.replace_original === 'true';
    if (replace && original !== undefined) {
      ctx.messages.edit(original, content, ctx.nowMs);
      return 'replaced';
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (body.response_type === 'in_channel') {
      ctx.messages.post(origin.channel, content, ctx.bot, {
        ...(threadTs !== undefined ? { threadTs } : {}),
        nowMs: ctx.nowMs,
      });
      return 'in_channel';
    }
    ctx.messages.ephemerals.push({
      ...content,
      channel: origin.channel,
      user: origin.userId,
      ts: ctx.messages.nextTs(ctx.nowMs),
      ...(threadTs !== undefined ? { threadTs } : {}),
      via: 'response_url',
    });
    return 'ephemeral';
  }
}

function contentOf(body: Record<string, unknown>): MessageContent | undefined {
  const text = typeof body.text === 'string' ? body.text : '';
  const blocks = Array.isArray(body.blocks) ? withGeneratedIds(body.blocks) : undefined;
  if (text === '' && blocks === undefined) return undefined;
  return { text, ...(blocks !== undefined ? { blocks } : {}) };
}
