import { randomBytes } from 'node:crypto';
import type { FoundElement } from './block-walk.js';
import type { UserInput } from './element-values.js';
import { stateEntry } from './element-values.js';
import { findUser, type FakeChannel, type FakeWorkspace } from './workspace.js';

/**
 * Payload shapes as Slack sends them to the app's Request URL. Field lists follow the Slack docs
 * (reference/interaction-payloads/*, implementing-slash-commands), Bolt's `src/types/*` and java-slack-sdk's
 * `json-logs/samples/app-backend/**`; see `../shared/reference/slack-platform.md` §2.2.
 */

/** `user` as Slack puts it in interaction payloads. */
export function payloadUser(ws: FakeWorkspace, userId: string): Record<string, string> {
  const name = findUser(ws, userId)?.name ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: ws.teamId };
}

const team = (ws: FakeWorkspace): Record<string, string> => ({ id: ws.teamId, domain: ws.teamDomain });

/** An `action_ts` like Slack's (`<seconds>.<6 digits>`). */
export function actionTs(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

/** The slash-command form body, fields in Slack's order. */
export function commandForm(
  ws: FakeWorkspace,
  c: {
    command: string;
    text: string;
    userId: string;
    channel: FakeChannel;
    triggerId: string;
    responseUrl: string;
  },
): string {
  const fields: [string, string][] = [
    ['token', ws.verificationToken],
    ['team_id', ws.teamId],
    ['team_domain', ws.teamDomain],
    ...(ws.enterpriseId !== undefined ? ([['enterprise_id', ws.enterpriseId]] as [string, string][]) : []),
    ['channel_id', c.channel.id],
    ['channel_name', c.channel.isPrivate === true ? 'privategroup' : c.channel.name],
    ['user_id', c.userId],
    ['user_name', findUser(ws, c.userId)?.name ?? c.userId.toLowerCase()],
    ['command', c.command],
    ['text', c.text],
    ['api_app_id', ws.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', c.responseUrl],
    ['trigger_id', c.triggerId],
  ];
  return new URLSearchParams(fields).toString();
}

/** One entry of `actions` for a use of `el` (a click, or a choice in a select/checkbox with `input`). */
export function actionEntry(
  el: FoundElement,
  input: UserInput | undefined,
  nowMs: number,
): Record<string, unknown> {
  const e = el.element;
  const base = { action_id: el.actionId, block_id: el.blockId };
  if (e.type === 'button' || e.type === 'workflow_button') {
    return {
      ...base,
      type: e.type,
      text: e.text,
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.style !== undefined ? { style: e.style } : {}),
      action_ts: actionTs(nowMs),
    };
  }
  const entry = stateEntry(el, input ?? null);
  return { ...base, ...entry, action_ts: actionTs(nowMs) };
}

export interface MessageContainer {
  readonly channel: FakeChannel;
  readonly messageTs: string;
  readonly isEphemeral: boolean;
  /** The message object as Slack holds it; absent for ephemeral messages, which Slack does not store. */
  readonly message?: Record<string, unknown>;
  readonly threadTs?: string;
}

export function blockActionsOnMessage(
  ws: FakeWorkspace,
  p: {
    userId: string;
    container: MessageContainer;
    action: Record<string, unknown>;
    triggerId: string;
    responseUrl: string;
  },
): Record<string, unknown> {
  const c = p.container;
  return {
    type: 'block_actions',
    user: payloadUser(ws, p.userId),
    api_app_id: ws.appId,
    token: ws.verificationToken,
    container: {
      type: 'message',
      message_ts: c.messageTs,
      channel_id: c.channel.id,
      is_ephemeral: c.isEphemeral,
      ...(c.threadTs !== undefined ? { thread_ts: c.threadTs } : {}),
    },
    trigger_id: p.triggerId,
    team: team(ws),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: c.channel.id, name: c.channel.isPrivate === true ? 'privategroup' : c.channel.name },
    ...(c.message !== undefined ? { message: c.message } : {}),
    state: { values: {} },
    response_url: p.responseUrl,
    actions: [p.action],
  };
}

export function blockActionsInView(
  ws: FakeWorkspace,
  p: { userId: string; view: Record<string, unknown>; action: Record<string, unknown>; triggerId: string },
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: payloadUser(ws, p.userId),
    api_app_id: ws.appId,
    token: ws.verificationToken,
    container: { type: 'view', view_id: p.view.id },
    trigger_id: p.triggerId,
    team: team(ws),
    enterprise: null,
    is_enterprise_install: false,
    view: p.view,
    actions: [p.action],
  };
}

export function viewSubmission(
  ws: FakeWorkspace,
  p: { userId: string; view: Record<string, unknown>; triggerId: string },
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: team(ws),
    user: payloadUser(ws, p.userId),
    api_app_id: ws.appId,
    token: ws.verificationToken,
    trigger_id: p.triggerId,
    view: p.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosed(
  ws: FakeWorkspace,
  p: { userId: string; view: Record<string, unknown>; isCleared: boolean },
): Record<string, unknown> {
  return {
    type: 'view_closed',
    team: team(ws),
    user: payloadUser(ws, p.userId),
    api_app_id: ws.appId,
    token: ws.verificationToken,
    view: p.view,
    is_cleared: p.isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/**
 * A `message_action` payload: a message shortcut used on `message` (as Slack holds it) in `channel`. Shape from
 * docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload (message shortcuts).
 */
export function messageAction(
  ws: FakeWorkspace,
  p: {
    userId: string;
    callbackId: string;
    channel: { id: string; name: string; isPrivate?: boolean };
    message: Record<string, unknown>;
    triggerId: string;
    responseUrl: string;
    nowMs: number;
  },
): Record<string, unknown> {
  return {
    type: 'message_action',
    token: ws.verificationToken,
    action_ts: actionTs(p.nowMs),
    team: team(ws),
    user: payloadUser(ws, p.userId),
    channel: { id: p.channel.id, name: p.channel.isPrivate === true ? 'privategroup' : p.channel.name },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: p.callbackId,
    trigger_id: p.triggerId,
    response_url: p.responseUrl,
    message_ts: p.message.ts,
    message: p.message,
  };
}

/** An Events API `event_callback` envelope around `event`. */
export function eventCallback(
  ws: FakeWorkspace,
  event: Record<string, unknown>,
  nowMs: number,
  eventId = `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
): Record<string, unknown> {
  return {
    token: ws.verificationToken,
    team_id: ws.teamId,
    api_app_id: ws.appId,
    event: { event_ts: actionTs(nowMs), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: ws.teamId,
        user_id: ws.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
