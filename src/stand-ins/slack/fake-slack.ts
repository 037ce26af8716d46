import { isRecord } from './block-kit-limits.js';
import { withGeneratedIds } from './block-walk.js';
import { FakeSlackServer, type FakeSlackServerOptions, type RecordedCall } from './fake-slack-server.js';
import type { Fault, FaultTarget } from './faults.js';
import type { EphemeralMessage, StoredMessage } from './message-store.js';
import type { RateLimitPolicy } from './rate-limiter.js';
import { addReaction, reactionEvent, reactionName, removeReaction } from './reactions.js';
import type { ResponsePost, ResponseUrlOrigin } from './response-urls.js';
import { applyViewAck, type ViewAckOutcome } from './view-acks.js';
import type { HomeView, StateValues, StoredView } from './view-store.js';
import { findChannel, type FakeWorkspace } from './workspace.js';

export type FakeSlackOptions = FakeSlackServerOptions;

/**
 * A fake Slack Web API for end-to-end tests. Start it, point the bot's `SLACK_API_URL` at {@link apiUrl}, drive the
 * bot (e.g. with `SignedSlackClient`), then assert on what Slack would show: {@link messages}, {@link thread},
 * {@link ephemerals}, {@link views}, {@link responses}, or on the raw {@link calls}.
 *
 * @example
 *   const slack = await FakeSlack.start();
 *   // ... start the bot with SLACK_API_URL=slack.apiUrl, SLACK_BOT_TOKEN=slack.botToken ...
 *   const [alert] = await slack.waitFor(() => slack.messages('#falco-alerts').length > 0 && slack.messages('#falco-alerts'));
 *   slack.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 1 });
 *   await slack.stop();
 */
export class FakeSlack extends FakeSlackServer {
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await fake.listen();
    return fake;
  }

  // --- what Slack would show -------------------------------------------------------------------------------

  /** Channel id for an id, `#name` or `name` (unknown refs are returned as given). */
  channelId(ref: string): string {
    return findChannel(this.workspace, ref)?.id ?? ref;
  }

  /** Live top-level messages of a channel (and broadcast replies), oldest first. */
  messages(channel: string): StoredMessage[] {
    return this.messageStore.visible(this.channelId(channel));
  }

  /** Live replies in the thread of `threadTs`, oldest first. */
  thread(channel: string, threadTs: string): StoredMessage[] {
    return this.messageStore.replies(this.channelId(channel), threadTs);
  }

  /** One message by ts, including deleted ones (check `.deleted`) and its `.edits` history. */
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messageStore.find(this.channelId(channel), ts);
  }

  /** Replies whose `thread_ts` named no message: Slack said ok but nobody will ever see them. */
  orphanedReplies(): StoredMessage[] {
    return this.messageStore.orphans();
  }

  /** Ephemeral messages (chat.postEphemeral, response_url and slash-command acks), oldest first. */
  ephemerals(filter: { channel?: string; user?: string } = {}): EphemeralMessage[] {
    const channel = filter.channel === undefined ? undefined : this.channelId(filter.channel);
    return this.messageStore.ephemerals.filter(
      (m) =>
        (channel === undefined || m.channel === channel) &&
        (filter.user === undefined || m.user === filter.user),
    );
  }

  /** Every POST to a response_url, oldest first, with its effect. */
  responses(): ResponsePost[] {
    return [...this.responseUrls.posts];
  }

  views(): StoredView[] {
    return this.viewStore.all();
  }

  view(viewId: string): StoredView | undefined {
    return this.viewStore.find(viewId);
  }

  /** A person's App Home as last published (`views.publish`). */
  home(userId: string): HomeView | undefined {
    return this.viewStore.home(userId);
  }

  /** The modal views currently open for a user (topmost last). */
  openViews(userId?: string): StoredView[] {
    return this.viewStore.all().filter((v) => v.open && (userId === undefined || v.userId === userId));
  }

  /** Recorded Web API calls (and `response_url` posts), optionally of one method, oldest first. */
  calls(method?: string): RecordedCall[] {
    return this.log.filter((c) => method === undefined || c.method === method);
  }

  /**
   * Resolves with the first truthy value `probe` returns, polling every 10 ms; rejects after `timeoutMs`
   * (default 5 s) with the last calls the fake saw, so a failing e2e test says what Slack did receive.
   */
  async waitFor<T>(
    probe: () => T | undefined | null | false,
    options: { timeoutMs?: number; what?: string } = {},
  ): Promise<T> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > deadline) {
        const recent = this.log
          .slice(-8)
          .map((c) => `${c.method} → ${c.status} ${JSON.stringify(c.response)?.slice(0, 120) ?? ''}`);
        throw new Error(
          `FakeSlack.waitFor timed out after ${options.timeoutMs ?? 5000} ms` +
            `${options.what !== undefined ? ` waiting for ${options.what}` : ''}; last calls:\n  ${recent.join('\n  ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  // --- controls ---------------------------------------------------------------------------------------------

  /** The next `times` calls of `method` (`'*'` for any, `'response_url'` for response_url posts) fail with `fault`. */
  failNext(method: FaultTarget, fault: Fault, times = 1): void {
    this.faults.add(method, fault, times);
  }

  pendingFaults(): number {
    return this.faults.pending();
  }

  setRateLimits(policy: RateLimitPolicy): void {
    this.limiter.setPolicy(policy);
  }

  /** Changes the workspace (e.g. `{ usergroupsError: 'plan_upgrade_required' }`, more channels, fewer scopes). */
  configure(changes: Partial<FakeWorkspace>): void {
    this.workspaceConfig = { ...this.workspaceConfig, ...changes };
  }

  /** A trigger id as Slack would put in an interaction payload; valid for `triggerTtlMs`, once. */
  issueTriggerId(userId: string, fromViewId?: string): string {
    return this.viewStore.issueTrigger(userId, this.now(), fromViewId);
  }

  issueResponseUrl(origin: ResponseUrlOrigin): string {
    return this.responseUrls.issue(this.url, origin, this.now());
  }

  /** Puts a message in a channel as if a person (or another app) had posted it. */
  seedMessage(
    channel: string,
    message: { user: string; text: string; blocks?: unknown[]; attachments?: unknown[]; threadTs?: string },
  ): StoredMessage {
    return this.messageStore.post(
      this.channelId(channel),
      {
        text: message.text,
        ...(message.blocks ? { blocks: withGeneratedIds(message.blocks) } : {}),
        ...(message.attachments ? { attachments: message.attachments } : {}),
      },
      { user: message.user },
      { ...(message.threadTs !== undefined ? { threadTs: message.threadTs } : {}), nowMs: this.now() },
    );
  }

  /** Who reacted with what on a message: emoji name → user ids, in the order they reacted. */
  reactions(channel: string, ts: string): Record<string, string[]> {
    return Object.fromEntries(this.message(channel, ts)?.reactions ?? []);
  }

  /** The emoji the bot itself has put on a message, in the order it added them. */
  botReactions(channel: string, ts: string): string[] {
    const users = Object.entries(this.reactions(channel, ts));
    return users.filter(([, who]) => who.includes(this.workspace.botUserId)).map(([name]) => name);
  }

  /**
   * A person adds (or removes) a reaction in the Slack client. Fails as the client would (`already_reacted`,
   * `no_reaction`, `message_not_found`, …); otherwise returns the event Slack sends the app, or undefined when Slack
   * sends none: apps hear of reactions only in conversations their bot user is a member of.
   */
  react(o: {
    channel: string;
    ts: string;
    user: string;
    reaction: string;
    remove?: boolean;
  }): { error: string } | { event: Record<string, unknown> | undefined } {
    const channel = findChannel(this.workspace, o.channel);
    const name = reactionName(o.reaction);
    if (name === undefined) return { error: 'invalid_name' };
    const message = channel === undefined ? undefined : this.message(channel.id, o.ts);
    if (channel === undefined || message === undefined || message.deleted)
      return { error: 'message_not_found' };
    const error =
      o.remove === true ? removeReaction(message, o.user, name) : addReaction(message, o.user, name);
    if (error !== undefined) return { error };
    if (channel.isMember !== true) return { event: undefined };
    return {
      event: reactionEvent(o.remove === true ? 'reaction_removed' : 'reaction_added', message, o.user, name),
    };
  }

  /** Sets what the user has entered in a view (the signed client does this before it sends the payload). */
  setViewState(viewId: string, state: StateValues): void {
    const view = this.requireView(viewId);
    view.state = structuredClone(state);
  }

  /** Applies the app's answer to a `view_submission` as Slack would (close, errors, update, push, clear). */
  applyViewAck(viewId: string, ack: unknown): ViewAckOutcome {
    return applyViewAck(this.viewStore, this.requireView(viewId), ack, this.now());
  }

  /** Shows a slash command's ack body the way Slack does: ephemeral to the user, or in the channel. */
  recordCommandAck(channel: string, userId: string, ack: unknown): void {
    if (!isRecord(ack) || (typeof ack.text !== 'string' && !Array.isArray(ack.blocks))) return;
    const content = {
      text: typeof ack.text === 'string' ? ack.text : '',
      ...(Array.isArray(ack.blocks) ? { blocks: withGeneratedIds(ack.blocks) } : {}),
    };
    const ws = this.workspace;
    if (ack.response_type === 'in_channel') {
      this.messageStore.post(
        channel,
        content,
        { user: ws.botUserId, botId: ws.botId, appId: ws.appId },
        {
          nowMs: this.now(),
        },
      );
      return;
    }
    const ts = this.messageStore.nextTs(this.now());
    this.messageStore.ephemerals.push({ ...content, channel, user: userId, ts, via: 'ack' });
  }

  /** Forgets messages, views, calls, response_urls and faults; keeps the workspace and rate-limit policy. */
  reset(): void {
    this.messageStore.clear();
    this.viewStore.clear();
    this.responseUrls.clear();
    this.faults.clear();
    this.log.length = 0;
  }

  private requireView(viewId: string): StoredView {
    const view = this.viewStore.find(viewId);
    if (view === undefined) throw new Error(`FakeSlack: no view ${viewId}`);
    return view;
  }
}
