import type { FakeSocketMode } from './socket-mode.js';
import { buildStateValues, findElement, type UserInput, type ViewInputs } from './element-values.js';
import type { FakeSlack } from './fake-slack.js';
import { slackMessage } from './message-store.js';
import {
  actionEntry,
  blockActionsInView,
  blockActionsOnMessage,
  commandForm,
  eventCallback,
  messageAction,
  viewClosed,
  viewSubmission,
  type MessageContainer,
} from './payload-builders.js';
import { signatureHeaders, tamper, type SignatureMode } from './slack-signature.js';
import type { ViewAckOutcome } from './view-acks.js';
import { slackView, type StoredView } from './view-store.js';
import { findChannel, type FakeChannel } from './workspace.js';

export interface SignedSlackClientOptions {
  /** The bot's Slack endpoint, e.g. `http://127.0.0.1:PORT/slack/events`. */
  readonly url: string;
  readonly signingSecret: string;
  /** The fake Slack the bot talks to: it issues trigger ids and response_urls and holds messages and views. */
  readonly slack: FakeSlack;
  /** Clock for `X-Slack-Request-Timestamp` (ms). Default `Date.now`: Bolt checks it against its own clock. */
  readonly now?: () => number;
  /** Deliver over Socket Mode instead of HTTP (the app is connected to this fake socket; no signatures). */
  readonly socket?: FakeSocketMode;
}

/** How to deliver: signature mode, timestamp and Slack's retry headers. */
export interface DeliveryOptions {
  readonly signature?: SignatureMode;
  /** Request timestamp in seconds; default now. */
  readonly timestampSeconds?: number;
  /** Shorthand for a timestamp 10 minutes old (outside Slack's 5-minute replay window). */
  readonly stale?: boolean;
  readonly retryNum?: number;
  readonly retryReason?: string;
  /** Override the Content-Type (e.g. to prove `; charset=utf-8` is refused by Bolt). */
  readonly contentType?: string;
}

/** What the bot answered. */
export interface Delivery {
  readonly status: number;
  readonly text: string;
  /** The answer parsed as JSON, when it is JSON (an ack with a body). */
  readonly json: unknown;
  readonly headers: Headers;
  /** The raw body that was sent. */
  readonly sent: string;
}

export interface CommandDelivery extends Delivery {
  readonly triggerId: string;
  readonly responseUrl: string;
}

export interface ActionDelivery extends Delivery {
  readonly triggerId: string;
  readonly responseUrl?: string;
  readonly payload: Record<string, unknown>;
}

export interface EventDelivery extends Delivery {
  /** The `event_callback` envelope sent (redeliver it with {@link SignedSlackClient.redeliverEvent}). */
  readonly envelope: Record<string, unknown>;
}

export interface SubmitDelivery extends Delivery {
  readonly payload: Record<string, unknown>;
  /** What Slack did with the ack (only for a 200 answer). */
  readonly outcome?: ViewAckOutcome;
}

/**
 * Sends requests to the bot exactly as Slack does: form-encoded slash commands, `payload=` interactions and JSON
 * events, signed with `X-Slack-Signature`/`X-Slack-Request-Timestamp`. Payloads refer to real state in the fake:
 * a click names a message or view the fake holds, trigger ids and response_urls are issued by the fake.
 *
 * @example
 *   const client = new SignedSlackClient({ url: `${botUrl}/slack/events`, signingSecret, slack });
 *   await client.command('explain Read sensitive file untrusted ...', { user: 'U0ALICE001', channel: '#falco-alerts' });
 *   const [alert] = slack.messages('#falco-alerts');
 *   await client.click({ channel: '#falco-alerts', ts: alert!.ts, actionId: 'alert_ack', user: 'U0BOB00001' });
 */
export class SignedSlackClient {
  private readonly now: () => number;

  constructor(private readonly options: SignedSlackClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A slash command typed by `user` in `channel` (id or name). */
  async command(
    text: string,
    o: { user: string; channel: string; command?: string } & DeliveryOptions,
  ): Promise<CommandDelivery> {
    const slack = this.options.slack;
    const channel = this.channel(o.channel);
    const triggerId = slack.issueTriggerId(o.user);
    const responseUrl = slack.issueResponseUrl({ kind: 'command', channel: channel.id, userId: o.user });
    const body = commandForm(slack.workspace, {
      command: o.command ?? '/falco',
      text,
      userId: o.user,
      channel,
      triggerId,
      responseUrl,
    });
    const delivery = await this.send(body, 'application/x-www-form-urlencoded', o);
    // Bolt sends a string ack as a plain-text body, which Slack shows like `{ text }`.
    const ack = delivery.json ?? (delivery.text !== '' ? { text: delivery.text } : undefined);
    if (delivery.status === 200) slack.recordCommandAck(channel.id, o.user, ack);
    return { ...delivery, triggerId, responseUrl };
  }

  /**
   * `user` uses an element of a message the fake holds (a channel message or an ephemeral one shown to that user):
   * a button click, or a choice (`input`) in a select or checkboxes.
   */
  async click(
    o: {
      channel: string;
      ts: string;
      actionId: string;
      blockId?: string;
      user: string;
      input?: UserInput;
    } & DeliveryOptions,
  ): Promise<ActionDelivery> {
    const slack = this.options.slack;
    const channel = this.channel(o.channel);
    const container = this.container(channel, o.ts, o.user);
    const el = findElement(container.blocks, o.blockId, o.actionId);
    const triggerId = slack.issueTriggerId(o.user);
    const responseUrl = slack.issueResponseUrl({
      kind: 'action',
      channel: channel.id,
      userId: o.user,
      messageTs: o.ts,
      ephemeralSource: container.info.isEphemeral,
    });
    const payload = blockActionsOnMessage(slack.workspace, {
      userId: o.user,
      container: container.info,
      action: actionEntry(el, o.input, this.now()),
      triggerId,
      responseUrl,
    });
    const delivery = await this.sendPayload(payload, o);
    return { ...delivery, triggerId, responseUrl, payload };
  }

  /** `user` clicks a button in their App Home (as last published with `views.publish`). */
  async homeClick(
    o: { user: string; actionId: string; blockId?: string } & DeliveryOptions,
  ): Promise<ActionDelivery> {
    const slack = this.options.slack;
    const home = slack.home(o.user);
    if (home === undefined) throw new Error(`SignedSlackClient: ${o.user} has no App Home published`);
    const el = findElement(home.definition.blocks as unknown[] | undefined, o.blockId, o.actionId);
    const triggerId = slack.issueTriggerId(o.user);
    const payload = blockActionsInView(slack.workspace, {
      userId: o.user,
      view: {
        ...home.definition,
        id: home.id,
        team_id: slack.workspace.teamId,
        app_id: slack.workspace.appId,
        bot_id: slack.workspace.botId,
        hash: home.hash,
        state: { values: {} },
      },
      action: actionEntry(el, undefined, this.now()),
      triggerId,
    });
    const delivery = await this.sendPayload(payload, o);
    return { ...delivery, triggerId, payload };
  }

  /** `user` uses the message shortcut `callbackId` on a live message of `channel` (the "⋯ More actions" menu). */
  async messageShortcut(
    o: { channel: string; ts: string; callbackId: string; user: string } & DeliveryOptions,
  ): Promise<ActionDelivery> {
    const slack = this.options.slack;
    const channel = this.channel(o.channel);
    const stored = slack.message(channel.id, o.ts);
    if (stored === undefined || stored.deleted) {
      throw new Error(`SignedSlackClient: no live message ${o.ts} in ${o.channel} to use a shortcut on`);
    }
    const triggerId = slack.issueTriggerId(o.user);
    const responseUrl = slack.issueResponseUrl({ kind: 'action', channel: channel.id, userId: o.user });
    const payload = messageAction(slack.workspace, {
      userId: o.user,
      callbackId: o.callbackId,
      channel,
      message: slackMessage(stored, slack.workspace.teamId, slack.messageStore),
      triggerId,
      responseUrl,
      nowMs: this.now(),
    });
    const delivery = await this.sendPayload(payload, o);
    return { ...delivery, triggerId, responseUrl, payload };
  }

  /** `user` uses an element inside an open modal (a button, or a change in an element with `dispatch_action`). */
  async viewAction(
    o: {
      viewId: string;
      actionId: string;
      blockId?: string;
      user?: string;
      input?: UserInput;
    } & DeliveryOptions,
  ): Promise<ActionDelivery> {
    const slack = this.options.slack;
    const view = this.openView(o.viewId);
    const user = o.user ?? view.userId;
    const blocks = view.definition.blocks as unknown[] | undefined;
    const el = findElement(blocks, o.blockId, o.actionId);
    if (o.input !== undefined && el.element.type !== 'button') {
      slack.setViewState(
        view.id,
        buildStateValues(blocks, view.state, { [el.blockId]: { [el.actionId]: o.input } }),
      );
    }
    const triggerId = slack.issueTriggerId(user, view.id);
    const payload = blockActionsInView(slack.workspace, {
      userId: user,
      view: this.viewJson(view),
      action: actionEntry(el, o.input, this.now()),
      triggerId,
    });
    const delivery = await this.sendPayload(payload, o);
    return { ...delivery, triggerId, payload };
  }

  /** `user` submits an open modal with `values`; the ack is applied to the fake as Slack would. */
  async submitView(
    o: { viewId: string; values?: ViewInputs; user?: string } & DeliveryOptions,
  ): Promise<SubmitDelivery> {
    const slack = this.options.slack;
    const view = this.openView(o.viewId);
    const user = o.user ?? view.userId;
    slack.setViewState(
      view.id,
      buildStateValues(view.definition.blocks as unknown[] | undefined, view.state, o.values ?? {}),
    );
    const payload = viewSubmission(slack.workspace, {
      userId: user,
      view: this.viewJson(view),
      triggerId: slack.issueTriggerId(user, view.id),
    });
    const delivery = await this.sendPayload(payload, o);
    if (delivery.status !== 200) return { ...delivery, payload };
    const outcome = slack.applyViewAck(
      view.id,
      delivery.text === '' ? undefined : (delivery.json ?? delivery.text),
    );
    return { ...delivery, payload, outcome };
  }

  /**
   * Slack delivering an interaction payload again, as it does after a timeout (pass `retryNum`, `retryReason`): the
   * same payload, whatever the message shows by now.
   */
  redeliver(payload: Record<string, unknown>, o: DeliveryOptions): Promise<Delivery> {
    return this.sendPayload(payload, o);
  }

  /** `user` closes a modal; Slack only tells the app when the view has `notify_on_close`. */
  async closeView(o: { viewId: string; user?: string } & DeliveryOptions): Promise<Delivery | undefined> {
    const slack = this.options.slack;
    const view = this.openView(o.viewId);
    const cleared = view.definition.clear_on_close === true;
    slack.viewStore.close(view.id, cleared);
    if (view.definition.notify_on_close !== true) return undefined;
    const payload = viewClosed(slack.workspace, {
      userId: o.user ?? view.userId,
      view: this.viewJson(view),
      isCleared: cleared,
    });
    return this.sendPayload(payload, o);
  }

  /** An Events API delivery (`event_callback` JSON) carrying `event`; `eventId` fixes the envelope's `event_id`. */
  async event(
    event: Record<string, unknown>,
    o: DeliveryOptions & { eventId?: string } = {},
  ): Promise<EventDelivery> {
    const envelope = eventCallback(this.options.slack.workspace, event, this.now(), o.eventId);
    return { ...(await this.redeliverEvent(envelope, o)), envelope };
  }

  /** Slack delivering an `event_callback` envelope (again: pass `retryNum` and `retryReason` as Slack's retries do). */
  redeliverEvent(envelope: Record<string, unknown>, o: DeliveryOptions = {}): Promise<Delivery> {
    return this.send(JSON.stringify(envelope), 'application/json', o);
  }

  /**
   * `user` adds (or with `remove`, takes back) a reaction on a message the fake holds, and Slack sends the app the
   * `reaction_added` / `reaction_removed` event. Undefined when Slack sends none (the bot is not in the channel); a
   * reaction the Slack client would refuse (`already_reacted`, `no_reaction`) throws, as it is a mistake in the test.
   */
  async react(
    o: {
      channel: string;
      ts: string;
      user: string;
      reaction: string;
      remove?: boolean;
      eventId?: string;
    } & DeliveryOptions,
  ): Promise<EventDelivery | undefined> {
    const reacted = this.options.slack.react(o);
    if ('error' in reacted)
      throw new Error(`SignedSlackClient: Slack refuses the reaction: ${reacted.error}`);
    if (reacted.event === undefined) return undefined;
    return this.event(reacted.event, o);
  }

  /** Sends any raw body, signed per `o`. */
  async send(body: string, contentType: string, o: DeliveryOptions = {}): Promise<Delivery> {
    if (this.options.socket !== undefined) return this.sendOverSocket(this.options.socket, body);
    const timestamp = o.timestampSeconds ?? Math.floor(this.now() / 1000) - (o.stale === true ? 600 : 0);
    const signature = o.signature ?? 'valid';
    const headers: Record<string, string> = {
      'content-type': o.contentType ?? contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signatureHeaders(this.options.signingSecret, timestamp, body, signature),
      ...(o.retryNum !== undefined ? { 'x-slack-retry-num': String(o.retryNum) } : {}),
      ...(o.retryReason !== undefined ? { 'x-slack-retry-reason': o.retryReason } : {}),
    };
    const sent = signature === 'tampered' ? tamper(body) : body;
    const response = await fetch(this.options.url, { method: 'POST', headers, body: sent });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, headers: response.headers, sent };
  }

  /** Socket Mode: the same payloads, pushed as envelopes; the app's acknowledgement stands in for the HTTP answer. */
  private async sendOverSocket(socket: FakeSocketMode, body: string): Promise<Delivery> {
    if (body.startsWith('{')) {
      const ack = await socket.push('events_api', JSON.parse(body) as unknown);
      return { status: 200, text: '', json: ack.payload, headers: new Headers(), sent: body };
    }
    const form = new URLSearchParams(body);
    const payload = form.get('payload');
    const ack =
      payload === null
        ? await socket.push('slash_commands', Object.fromEntries(form))
        : await socket.push('interactive', JSON.parse(payload) as unknown);
    const text = ack.payload === undefined ? '' : JSON.stringify(ack.payload);
    return { status: 200, text, json: ack.payload, headers: new Headers(), sent: body };
  }

  private sendPayload(payload: Record<string, unknown>, o: DeliveryOptions): Promise<Delivery> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, 'application/x-www-form-urlencoded', o);
  }

  private channel(ref: string): FakeChannel {
    const channel = findChannel(this.options.slack.workspace, ref);
    if (channel === undefined) throw new Error(`SignedSlackClient: the fake has no channel ${ref}`);
    return channel;
  }

  /** The message a click happens on: a live channel message, else an ephemeral message shown to `user`. */
  private container(
    channel: FakeChannel,
    ts: string,
    user: string,
  ): { info: MessageContainer; blocks: unknown[] | undefined } {
    const slack = this.options.slack;
    const message = slack.message(channel.id, ts);
    if (message !== undefined && !message.deleted) {
      return {
        info: {
          channel,
          messageTs: ts,
          isEphemeral: false,
          message: slackMessage(message, slack.workspace.teamId, slack.messageStore),
          ...(message.threadTs !== undefined ? { threadTs: message.threadTs } : {}),
        },
        blocks: message.content.blocks as unknown[] | undefined,
      };
    }
    const ephemeral = slack.ephemerals({ channel: channel.id, user }).find((m) => m.ts === ts);
    if (ephemeral === undefined) {
      throw new Error(`SignedSlackClient: no message ${ts} visible to ${user} in ${channel.name}`);
    }
    return {
      info: { channel, messageTs: ts, isEphemeral: true },
      blocks: ephemeral.blocks as unknown[] | undefined,
    };
  }

  private openView(viewId: string): StoredView {
    const view = this.options.slack.view(viewId);
    if (view === undefined || !view.open) throw new Error(`SignedSlackClient: view ${viewId} is not open`);
    return view;
  }

  private viewJson(view: StoredView): Record<string, unknown> {
    const ws = this.options.slack.workspace;
    return slackView(view, { teamId: ws.teamId, appId: ws.appId, botId: ws.botId });
  }
}
