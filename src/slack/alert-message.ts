/**
 * The Block Kit message for one alert group: what an on-call person sees first. Pure: GroupView in, message out.
 *
 * Layout (the full form; a route may ask for the compact one, alert-message-compact.ts): header (priority marker +
 * rule), the rule output, the fields (the route's choice and order, else identity, actor and target fields first;
 * numbers as numbers, event times as times, unavailable values as <NA> unless the route hides them), a context line
 * (host, source, tags, first/last seen, ×N, the fingerprint when the route asks), the route's links, the group's
 * state (acknowledged, muted, exception progress) and the buttons. Every Slack limit is respected with visible
 * truncation; the full alert is one click away (Explain).
 */
import type { GroupView } from '../triage/ports/index.js';
import { LIMITS, blocksTextLength, escapeMrkdwn, truncate, truncateEscaped } from './block-kit.js';
import { fieldValueMrkdwn, shownFieldKeys } from './alert-fields.js';
import { linksLine } from './alert-links.js';
import { compactAlertMessage } from './alert-message-compact.js';
import { priorityMarker } from './priority-marker.js';
import { proposalBadgeText } from './proposal-badge.js';
import { ACTION_ACK, ALERT_ACTIONS_BLOCK, noteBlock, triageElements, triageParts } from './alert-triage.js';
import { slackDate } from './slack-date.js';

export const ACTION_MARK_FP = 'alert_fp';
export const ACTION_EXPLAIN = 'alert_explain';
export { ACTION_ACK };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const MAX_FIELD_SECTIONS = 4;
const MAX_VALUE_CHARS = 300;
const MAX_OUTPUT_CHARS = 1500;

function fieldSections(view: GroupView, budget: number): Record<string, unknown>[] {
  const keys = shownFieldKeys(view);
  const texts: string[] = [];
  let used = 0;
  for (const key of keys) {
    if (texts.length === MAX_FIELD_SECTIONS * LIMITS.sectionFields) break;
    const text = truncateEscaped(
      `*${escapeMrkdwn(truncate(key, 200))}*\n${fieldValueMrkdwn(key, view.fields[key], MAX_VALUE_CHARS)}`,
      LIMITS.fieldText,
    );
    // Slack refuses messages whose blocks carry too much text in total (msg_blocks_too_long).
    if (used + text.length + 20 > budget) break;
    used += text.length + 20;
    texts.push(text);
  }
  const sections: Record<string, unknown>[] = [];
  for (let index = 0; index < texts.length; index += LIMITS.sectionFields) {
    const fields = texts.slice(index, index + LIMITS.sectionFields).map((text) => ({ type: 'mrkdwn', text }));
    sections.push({ type: 'section', fields });
  }
  const hidden = keys.length - texts.length;
  if (hidden > 0) {
    sections.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${hidden} more field${hidden === 1 ? '' : 's'} not shown: press *Explain*` },
      ],
    });
  }
  return sections;
}

/** Which target (Falco deployment) an exception for this alert goes to; said only when the bot serves several. */
function targetPart(view: GroupView): string | undefined {
  if (view.falcoTarget === undefined) return undefined;
  if (view.falcoTarget === null) return 'no target: explain only';
  return `target *${escapeMrkdwn(truncate(view.falcoTarget.name, 60))}* (Falco ${escapeMrkdwn(view.falcoTarget.falcoVersion)})`;
}

function contextLine(view: GroupView, nowMs: number): Record<string, unknown> {
  const parts = [
    view.hostname === undefined ? undefined : `host *${escapeMrkdwn(truncate(view.hostname, 100))}*`,
    `source ${escapeMrkdwn(view.source)}`,
    view.tags.length === 0 ? undefined : `tags ${escapeMrkdwn(truncate(view.tags.join(', '), 300))}`,
    view.count > 1
      ? `*×${view.count}* since ${slackDate(view.firstSeenMs, nowMs)}, last ${slackDate(view.lastSeenMs, nowMs)}`
      : slackDate(view.lastSeenMs, nowMs),
    view.style?.showFingerprint === true ? `fingerprint \`${escapeMrkdwn(view.fingerprint)}\`` : undefined,
    targetPart(view),
  ].filter((part): part is string => part !== undefined);
  return { type: 'context', elements: [{ type: 'mrkdwn', text: parts.join('  ·  ') }] };
}

function stateLine(view: GroupView, nowMs: number): Record<string, unknown> | undefined {
  const parts: string[] = [];
  if (view.triage !== undefined) {
    parts.push(...triageParts(view, view.triage, nowMs));
  } else if (view.acknowledged !== undefined) {
    parts.push(
      `:eyes: Acknowledged by <@${view.acknowledged.by}> ${slackDate(view.acknowledged.atMs, nowMs)}`,
    );
  }
  if (view.muted !== undefined && view.muted.untilMs > nowMs) {
    parts.push(`:mute: Muted by <@${view.muted.by}> until ${slackDate(view.muted.untilMs, nowMs)}`);
  }
  if (view.proposal !== undefined) parts.push(proposalBadgeText(view.proposal));
  if (parts.length === 0) return undefined;
  return {
    type: 'context',
    elements: parts
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: truncate(text, 3000) })),
  };
}

function actions(view: GroupView): Record<string, unknown> {
  const button = (actionId: string, text: string, style?: 'primary'): Record<string, unknown> => ({
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text, emoji: true },
    value: view.groupId,
    ...(style === undefined ? {} : { style }),
  });
  const elements = [
    button(ACTION_MARK_FP, 'Mark false positive', 'primary'),
    button(ACTION_EXPLAIN, 'Explain'),
  ];
  if (view.triage !== undefined) elements.push(...triageElements(view, view.triage));
  else if (view.acknowledged === undefined) elements.push(button(ACTION_ACK, 'Acknowledge'));
  return { type: 'actions', block_id: `${ALERT_ACTIONS_BLOCK}:${view.groupId}`, elements };
}

/** The full message for a group, as of `nowMs` (used for relative dates' fallbacks only). */
export function alertMessage(view: GroupView, nowMs: number): SlackMessage {
  if (view.style?.form === 'compact') {
    const tail = [linksLine(view), stateLine(view, nowMs), actions(view)].filter(
      (block): block is Record<string, unknown> => block !== undefined,
    );
    return compactAlertMessage(view, nowMs, tail);
  }
  const title = `${priorityMarker(view.priority)} ${view.priority} · ${view.rule}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.headerText), emoji: true } },
  ];
  if (view.message !== undefined && view.message.trim() !== '') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncateEscaped(escapeMrkdwn(view.message), MAX_OUTPUT_CHARS) },
    });
  }
  const note = view.triage === undefined ? undefined : noteBlock(view.triage);
  const tail = [
    contextLine(view, nowMs),
    linksLine(view),
    stateLine(view, nowMs),
    note,
    actions(view),
  ].filter((block): block is Record<string, unknown> => block !== undefined);
  const budget = LIMITS.messageTotalText - blocksTextLength(blocks) - blocksTextLength(tail) - 200;
  blocks.push(...fieldSections(view, budget), ...tail);

  const counter = view.count > 1 ? ` ×${view.count}` : '';
  const host = view.hostname === undefined ? '' : ` on ${view.hostname}`;
  return {
    text: truncate(`${view.priority}: ${view.rule}${counter}${host}`, LIMITS.fallbackText),
    blocks,
  };
}
