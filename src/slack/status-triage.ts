/**
 * The triage part of `/falco status`: how the last day's alert groups stand, what still needs someone (escalated
 * first, then unacknowledged), and the latest resolutions. Rule names and notes come from alerts and people: escaped.
 */
import type { TriagedGroup, TriageSummary } from '../triage/ports/index.js';
import { LIMITS, escapeMrkdwn, truncate, truncateEscaped } from './block-kit.js';
import { slackDate } from './slack-date.js';

function where(group: TriagedGroup): string {
  const count = group.count > 1 ? ` ×${group.count}` : '';
  return `*${escapeMrkdwn(truncate(group.rule, 100))}* in <#${group.channel}>${count}`;
}

function attentionLine(group: TriagedGroup, nowMs: number): string {
  const { acknowledged, assignee, escalation } = group.triage;
  const marker =
    escalation !== undefined ? ':rotating_light:' : group.status === 'open' ? ':bell:' : ':eyes:';
  const parts = [`${marker} ${where(group)}`];
  if (escalation !== undefined) parts.push(`escalated by <@${escalation.by}>`);
  parts.push(acknowledged === undefined ? 'not acknowledged' : `acknowledged by <@${acknowledged.by}>`);
  if (assignee !== undefined) parts.push(`assigned to <@${assignee.user}>`);
  parts.push(`last ${slackDate(group.lastSeen.getTime(), nowMs)}`);
  return `• ${parts.join(' · ')}`;
}

function resolvedLine(group: TriagedGroup, nowMs: number): string {
  const resolution = group.triage.resolution;
  if (resolution === undefined) return `• ${where(group)}`;
  const how = resolution.kind === 'benign' ? ':white_check_mark: benign' : ':shield: true positive';
  const note =
    resolution.note === undefined
      ? ''
      : `: _${escapeMrkdwn(truncate(resolution.note.replace(/\s+/g, ' '), 120))}_`;
  return `• ${where(group)} · ${how} by <@${resolution.by}> ${slackDate(resolution.at.getTime(), nowMs)}${note}`;
}

export function triageStatusBlocks(summary: TriageSummary, nowMs: number): Record<string, unknown>[] {
  const counts =
    `${summary.open} not acknowledged · ${summary.acknowledged} acknowledged · ${summary.escalated} escalated · ` +
    `resolved: ${summary.resolvedBenign} benign, ${summary.resolvedTruePositive} true positive`;
  const attention =
    summary.attention.length === 0
      ? '_nothing waits for anyone_'
      : summary.attention.map((group) => attentionLine(group, nowMs)).join('\n');
  const blocks: Record<string, unknown>[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateEscaped(`*Alerts in the last 24 hours*: ${counts}\n${attention}`, LIMITS.sectionText),
      },
    },
  ];
  if (summary.resolved.length > 0) {
    const lines = summary.resolved.map((group) => resolvedLine(group, nowMs)).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncateEscaped(`*Resolved lately*\n${lines}`, LIMITS.sectionText) },
    });
  }
  return blocks;
}
