/** Ephemeral answers to `/falco help`, `status`, `mute` and `unmute`, and what is wrong with a command. Pure builders. */
import type { Proposal } from '../triage/ports/index.js';
import type { Mute } from '../triage/ports/index.js';
import type { CommandProblem, PasteProblem, StatusReport } from '../triage/commands/index.js';
import { LIMITS, escapeMrkdwn, truncate } from './block-kit.js';
import { RULES_NOT_CONFIGURED } from './unavailable-text.js';
import type { SlackMessage } from './alert-message.js';
import { slackDate } from './slack-date.js';
import { triageStatusBlocks } from './status-triage.js';
import { targetText } from './target-text.js';

export const HELP_TEXT = [
  '*falco-triage*: Falco alerts, false positives and rule exceptions from Slack.',
  '• `/falco explain <alert>`: paste a Falco alert line (the output alone is fine) or JSON alert (``` fences are fine): which rule fired, why, and how to except it safely.',
  '• `/falco status [target]`: alerts of the last day by triage state (what still needs someone), proposals waiting for approval, open exception pull requests, recent deploys, mutes (of one target when named).',
  '• `/falco mute <rule or fingerprint> <duration> [reason]`: stop posting an alert for a while (e.g. `/falco mute Terminal shell in container 2h upgrade window`). Alerts are still stored and counted. Add `target=<name>` to mute it on one target only.',
  '• `/falco unmute <rule or fingerprint> [target=<name>]`',
  'On an alert message: *Mark false positive* proposes an exception; *Explain* shows why it fired; *Acknowledge* tells the channel you have it (*Undo acknowledge* takes it back); *Assign* gives it to you or someone; *Resolve…* closes it as benign or as a true positive with a note (*Reopen* undoes that); *Escalate* mentions the on-call group, once.',
  'Reactions do the same (by default :eyes: acknowledges, :white_check_mark: resolves as benign, :rotating_light: escalates); taking your reaction back undoes what it did.',
].join('\n');

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

export function helpMessage(unknown?: string): SlackMessage {
  const intro = unknown === undefined ? '' : `I don't know \`${escapeMrkdwn(truncate(unknown, 50))}\`. `;
  return { text: `${intro}falco-triage commands`, blocks: [section(`${intro}${HELP_TEXT}`)] };
}

export function textMessage(text: string): SlackMessage {
  return { text: truncate(text, LIMITS.fallbackText), blocks: [section(text)] };
}

const MUTE_USAGE = 'Usage: /falco mute <rule name or fingerprint> <duration like 30m, 2h, 1d> [reason]';

/** A mistyped `/falco mute` or `/falco unmute`: the usage, and what was wrong (mrkdwn). */
export function commandProblemText(problem: CommandProblem): string {
  switch (problem.code) {
    case 'mute_without_duration':
      return `${MUTE_USAGE}\nI could not find a duration.`;
    case 'mute_without_target':
      return `${MUTE_USAGE}\nWhat should be muted?`;
    case 'mute_bad_duration':
      return `${MUTE_USAGE}\n"${escapeMrkdwn(problem.duration)}" is not a duration.`;
    case 'mute_too_long':
      return `A mute lasts at most ${problem.maxDays} days. For a lasting change, mark the alert as a false positive instead.`;
    case 'unmute_without_target':
      return 'Usage: /falco unmute <rule name or fingerprint>';
  }
}

/** Why `/falco explain` explained nothing (mrkdwn); an ambiguous paste is answered with its candidates instead. */
export function pasteProblemText(problem: Exclude<PasteProblem, { code: 'ambiguous' }>): string {
  switch (problem.code) {
    case 'paste_empty':
      return 'Paste a Falco alert after `/falco explain`: a text line such as `12:00:00.000000000: Warning Sensitive file opened …` (the output alone is fine), or a JSON alert (``` fences are fine).';
    case 'paste_too_large':
      return `That is more than ${Math.floor(problem.maxBytes / 1024)} KB; paste one alert at a time.`;
    case 'rules_not_configured':
      return RULES_NOT_CONFIGURED;
    case 'no_alert_found':
      return 'I found no alert in that text.';
    case 'not_explainable':
      return escapeMrkdwn(problem.detail);
  }
}

/** `[staging] ` before a line, when the bot serves several targets. */
function targetTag(name: string | null, named: boolean): string {
  return named && name !== null ? `\`${escapeMrkdwn(truncate(name, 60))}\` ` : '';
}

function proposalLine(proposal: Proposal, nowMs: number, named: boolean): string {
  const where = proposal.slackChannel !== null ? ` in <#${proposal.slackChannel}>` : '';
  const pr = proposal.prUrl !== null ? ` · <${proposal.prUrl}|PR #${proposal.prNumber ?? ''}>` : '';
  return `• ${targetTag(proposal.falcoTarget, named)}*${escapeMrkdwn(truncate(proposal.rule, 100))}* (${proposal.strategy}) by <@${proposal.proposer}>${where}${pr} · ${proposal.status.replace('_', ' ')} ${slackDate(proposal.updatedAt.getTime(), nowMs)}`;
}

function muteLine(mute: Mute, nowMs: number, named: boolean): string {
  const reason = mute.reason === null ? '' : `: ${escapeMrkdwn(truncate(mute.reason, 200))}`;
  return `• ${targetTag(mute.falcoTarget, named)}${mute.targetKind} *${escapeMrkdwn(truncate(mute.target, 150))}* by <@${mute.createdBy}> until ${slackDate(mute.until.getTime(), nowMs)}${reason}`;
}

function list(title: string, lines: readonly string[], empty: string): string {
  return `*${title}*\n${lines.length === 0 ? `_${empty}_` : lines.join('\n')}`;
}

export function statusMessage(report: StatusReport, nowMs: number): SlackMessage {
  if (report.unknownTarget !== undefined) {
    const names = report.targets.filter((t) => !t.implicit).map((t) => `\`${escapeMrkdwn(t.name)}\``);
    return textMessage(
      `No target is named "${escapeMrkdwn(truncate(report.unknownTarget, 100))}". ` +
        (names.length === 0
          ? 'This bot serves one target: try `/falco status`.'
          : `Targets: ${names.join(', ')}.`),
    );
  }
  // With several targets each line says which one it is about (unless the report is about one target).
  const named = report.target === undefined && report.targets.some((t) => !t.implicit);
  const proposalLines = (proposals: readonly Proposal[]) =>
    proposals.map((p) => proposalLine(p, nowMs, named));
  const shown = report.target === undefined ? report.targets : [report.target];
  const blocks = [
    ...triageStatusBlocks(report.triage, nowMs),
    ...(shown.length === 0
      ? []
      : [
          section(
            list(
              shown.length === 1 ? 'Target' : 'Targets',
              shown.map((t) => `• ${targetText(t)}`),
              '',
            ),
          ),
        ]),
    section(list('Waiting for approval', proposalLines(report.pending), 'nothing')),
    section(
      list(
        'Exception pull requests',
        proposalLines(report.openPullRequests),
        report.githubConfigured ? 'none open' : 'GitHub is not configured, so no pull requests can be opened',
      ),
    ),
    section(list('Deployed in the last 7 days', proposalLines(report.recentDeploys), 'nothing')),
    section(
      list(
        'Muted',
        report.mutes.map((m) => muteLine(m, nowMs, named || report.target !== undefined)),
        'nothing is muted',
      ),
    ),
  ];
  if (report.failed.length > 0) {
    blocks.push(section(list('Could not open a pull request', proposalLines(report.failed), '')));
  }
  const health =
    report.queue.dead > 0
      ? `:warning: ${report.queue.dead} outbound message(s) could not be delivered; see the bot's logs.`
      : `Outbound queue: ${report.queue.pending} waiting.`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: health }] });
  return { text: 'falco-triage status', blocks };
}

export function muteMessage(mute: Mute, replaced: boolean, nowMs: number): SlackMessage {
  const on = mute.falcoTarget === null ? '' : ` on target \`${escapeMrkdwn(mute.falcoTarget)}\``;
  const what = `${mute.targetKind === 'rule' ? 'Rule' : 'Fingerprint'} *${escapeMrkdwn(truncate(mute.target, 200))}*${on}`;
  return textMessage(
    `:mute: ${what} is muted until ${slackDate(mute.until.getTime(), nowMs)}${replaced ? ' (replacing the previous mute)' : ''}. ` +
      'Its alerts are still stored and counted, just not posted. `/falco unmute` ends it early.',
  );
}

export function unmuteMessage(mute: Mute): SlackMessage {
  const on = mute.falcoTarget === null ? '' : ` on target \`${escapeMrkdwn(mute.falcoTarget)}\``;
  return textMessage(
    `:loud_sound: ${mute.targetKind === 'rule' ? 'Rule' : 'Fingerprint'} *${escapeMrkdwn(truncate(mute.target, 200))}*${on} is no longer muted.`,
  );
}
