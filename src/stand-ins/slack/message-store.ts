/**
 * Messages as Slack holds them: per channel, identified by `ts` (`"<seconds>.<6-digit sequence>"`, strictly
 * increasing), with threads, edits, deletions and reactions.
 */
export interface MessageContent {
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly attachments?: readonly unknown[];
  readonly metadata?: unknown;
}

export interface MessageEdit extends MessageContent {
  /** When the edit replaced this content (ms since epoch). */
  readonly atMs: number;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  /** Parent ts for a thread reply (replies to a reply land in the parent's thread, as on Slack). */
  readonly threadTs?: string;
  /** Author: the bot user for bot posts, a person for seeded messages. */
  readonly user: string;
  readonly botId?: string;
  readonly appId?: string;
  content: MessageContent;
  /** Earlier versions, oldest first (one per `chat.update` or `replace_original`). */
  readonly edits: MessageEdit[];
  deleted: boolean;
  /** Reaction name → users who reacted. */
  readonly reactions: Map<string, string[]>;
  readonly replyBroadcast: boolean;
  /**
   * Slack answers `ok: true` to a `thread_ts` that names no message, but the reply shows up nowhere
   * (python-slack-sdk#840). Such replies are kept here, flagged, so a test can catch the bug.
   */
  readonly orphaned: boolean;
}

export interface EphemeralMessage extends MessageContent {
  readonly channel: string;
  readonly user: string;
  readonly ts: string;
  readonly threadTs?: string;
  readonly via: 'chat.postEphemeral' | 'response_url' | 'ack';
}

export class MessageStore {
  private lastMicros = 0;
  private readonly byChannel = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];

  /** A new Slack timestamp, never equal to or below an earlier one even within the same microsecond. */
  nextTs(nowMs: number): string {
    this.lastMicros = Math.max(this.lastMicros + 1, Math.floor(nowMs * 1000));
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    return `${seconds}.${String(this.lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  post(
    channel: string,
    content: MessageContent,
    author: { user: string; botId?: string; appId?: string },
    options: { threadTs?: string; replyBroadcast?: boolean; nowMs: number },
  ): StoredMessage {
    let threadTs: string | undefined;
    let orphaned = false;
    if (options.threadTs !== undefined) {
      const parent = this.find(channel, options.threadTs);
      if (parent === undefined || parent.deleted) orphaned = true;
      threadTs = parent?.threadTs ?? options.threadTs;
    }
    const message: StoredMessage = {
      channel,
      ts: this.nextTs(options.nowMs),
      ...(threadTs !== undefined ? { threadTs } : {}),
      user: author.user,
      ...(author.botId !== undefined ? { botId: author.botId } : {}),
      ...(author.appId !== undefined ? { appId: author.appId } : {}),
      content,
      edits: [],
      deleted: false,
      reactions: new Map(),
      replyBroadcast: options.replyBroadcast ?? false,
      orphaned,
    };
    const list = this.byChannel.get(channel) ?? [];
    list.push(message);
    this.byChannel.set(channel, list);
    return message;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Replaces the content, keeping the old one in `edits`. */
  edit(message: StoredMessage, content: MessageContent, nowMs: number): void {
    message.edits.push({ ...message.content, atMs: nowMs });
    message.content = content;
  }

  /** Every message ever stored in `channel`, including deleted and orphaned ones, in ts order. */
  all(channel: string): readonly StoredMessage[] {
    return this.byChannel.get(channel) ?? [];
  }

  /** What a person sees in the channel: live top-level messages and broadcast replies, in ts order. */
  visible(channel: string): StoredMessage[] {
    return this.all(channel).filter(
      (m) => !m.deleted && !m.orphaned && (m.threadTs === undefined || m.replyBroadcast),
    );
  }

  /** Live replies of the thread under `threadTs`, oldest first (the parent itself is not included). */
  replies(channel: string, threadTs: string): StoredMessage[] {
    return this.all(channel).filter((m) => m.threadTs === threadTs && !m.deleted && !m.orphaned);
  }

  orphans(): StoredMessage[] {
    return [...this.byChannel.values()].flat().filter((m) => m.orphaned);
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  clear(): void {
    this.byChannel.clear();
    this.ephemerals.length = 0;
  }
}

/** The message object Slack returns from `chat.postMessage`, `conversations.replies` and in interaction payloads. */
export function slackMessage(m: StoredMessage, teamId: string, store: MessageStore): Record<string, unknown> {
  const json: Record<string, unknown> = {
    type: 'message',
    user: m.user,
    text: m.content.text,
    ts: m.ts,
    team: teamId,
  };
  if (m.botId !== undefined) json.bot_id = m.botId;
  if (m.appId !== undefined) json.app_id = m.appId;
  if (m.content.blocks !== undefined) json.blocks = m.content.blocks;
  if (m.content.attachments !== undefined) json.attachments = m.content.attachments;
  if (m.content.metadata !== undefined) json.metadata = m.content.metadata;
  if (m.edits.length > 0) json.edited = { user: m.user, ts: m.ts };
  if (m.threadTs !== undefined) {
    json.thread_ts = m.threadTs;
    json.parent_user_id = store.find(m.channel, m.threadTs)?.user;
    if (m.replyBroadcast) json.subtype = 'thread_broadcast';
  } else {
    const replies = store.replies(m.channel, m.ts);
    if (replies.length > 0) {
      json.thread_ts = m.ts;
      json.reply_count = replies.length;
      json.reply_users = [...new Set(replies.map((r) => r.user))];
      json.latest_reply = replies.at(-1)?.ts;
    }
  }
  if (m.reactions.size > 0) {
    json.reactions = [...m.reactions].map(([name, users]) => ({ name, users, count: users.length }));
  }
  return json;
}
