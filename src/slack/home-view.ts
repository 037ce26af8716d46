/**
 * The App Home view for one person: what waits for their approval (with Approve and Reject, the same buttons and
 * server-side checks as in the thread), their own proposals and pull requests, unacknowledged alert groups in their
 * channels, the mutes they set and the noisiest rules of the last 24 hours with their trend. Pure: report in, view
 * out, inside Slack's limits (100 blocks, 3000 characters a section).
 */
import type { HomeReport, Proposal, RuleNoise } from '../triage/ports/index.js';
import { LIMITS, escapeMrkdwn, truncate, truncateEscaped } from './block-kit.js';
import { ACTION_APPROVE, ACTION_REJECT } from './proposal-message.js';
import { slackDate } from './slack-date.js';

type Block = Record<string, unknown>;

const STATUS_WORDS: Readonly<Record<Proposal['status'], string>> = {
  pending: ':hourglass_flowing_sand: waiting for approval',
  approved: ':white_check_mark: approved, opening the pull request',
  rejected: ':no_entry_sign: rejected',
  expired: ':zzz: expired',
  withdrawn: ':leftwards_arrow_with_hook: withdrawn',
  pr_failed: ':warning: pull request failed',
  pr_open: ':arrow_heading_up: pull request open',
  merged: ':twisted_rightwards_arrows: merged, waiting for the deploy',
  deployed: ':rocket: deployed',
  deploy_failed: ':x: deploy failed',
  closed_unmerged: ':wastebasket: pull request closed unmerged',
  removed: ':broom: removed',
};

function header(text: string): Block {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
  };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateEscaped(text, LIMITS.sectionText) } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateEscaped(text, LIMITS.sectionText) }] };
}

/** Lines in as few sections as Slack's 3000 characters allow. */
function lines(items: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const item of items) {
    const line = truncateEscaped(item, 1000);
    if (current !== '' && current.length + line.length + 1 > LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') blocks.push(section(current));
  return blocks;
}

function where(proposal: Proposal): string {
  return proposal.slackChannel === null ? '' : ` in <#${proposal.slackChannel}>`;
}

function waitingBlocks(report: HomeReport, nowMs: number): Block[] {
  const title = `*Waiting for your approval* (${report.waitingTotal})`;
  if (!report.isApprover) return [section(`${title}\n_You are not an approver of exceptions._`)];
  if (report.waiting.length === 0) return [section(`${title}\n_Nothing waits for you._`)];
  const blocks: Block[] = [section(title)];
  for (const proposal of report.waiting) {
    blocks.push(
      section(
        `*${escapeMrkdwn(truncate(proposal.rule, 150))}* (${proposal.strategy}) by <@${proposal.proposer}>${where(proposal)}` +
          ` · expires ${slackDate(proposal.expiresAt.getTime(), nowMs)}\n` +
          `> ${escapeMrkdwn(truncate(proposal.justification.replace(/\s+/g, ' '), 300))}`,
      ),
      {
        type: 'actions',
        block_id: `home_proposal:${proposal.id}`,
        elements: [
          {
            type: 'button',
            action_id: ACTION_APPROVE,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value: proposal.id,
          },
          {
            type: 'button',
            action_id: ACTION_REJECT,
            style: 'danger',
            text: { type: 'plain_text', text: 'Reject' },
            value: proposal.id,
          },
        ],
      },
    );
  }
  if (report.waitingTotal > report.waiting.length) {
    blocks.push(context(`${report.waitingTotal - report.waiting.length} more: see \`/falco status\`.`));
  }
  return blocks;
}

function ownLine(proposal: Proposal, nowMs: number): string {
  const pr = proposal.prUrl === null ? '' : ` · <${proposal.prUrl}|PR #${proposal.prNumber ?? ''}>`;
  return (
    `• *${escapeMrkdwn(truncate(proposal.rule, 120))}* (${proposal.strategy})${where(proposal)} · ` +
    `${STATUS_WORDS[proposal.status]} ${slackDate(proposal.updatedAt.getTime(), nowMs)}${pr}`
  );
}

function trend(noise: RuleNoise): string {
  if (noise.previous24h === 0) return 'new';
  const change = Math.round(((noise.last24h - noise.previous24h) / noise.previous24h) * 100);
  if (change === 0) return 'steady';
  return change > 0 ? `:arrow_up: +${change}%` : `:arrow_down: ${change}%`;
}

export function homeView(report: HomeReport): Record<string, unknown> {
  const nowMs = report.generatedAt.getTime();
  const unack = report.unacknowledged;
  const blocks: Block[] = [
    header('falco-triage'),
    context(`Your triage as of ${slackDate(nowMs, nowMs)}`),
    { type: 'divider' },
    ...waitingBlocks(report, nowMs),
    { type: 'divider' },
    section('*Your proposals*'),
    ...(report.own.length === 0
      ? [context('You have proposed no exception yet: *Mark false positive* on an alert starts one.')]
      : lines(report.own.map((proposal) => ownLine(proposal, nowMs)))),
    { type: 'divider' },
    section(
      `*Unacknowledged ${report.channelsKnown ? 'in your channels' : 'in all channels'}, last 24 hours* (${unack.total})`,
    ),
    ...(unack.groups.length === 0
      ? [context('Nothing unacknowledged.')]
      : lines(
          unack.groups.map(
            (group) =>
              `• <#${group.channel}> *${escapeMrkdwn(truncate(group.rule, 120))}* ×${group.count}, last ${slackDate(group.lastSeen.getTime(), nowMs)}`,
          ),
        )),
    { type: 'divider' },
    section('*Your mutes*'),
    ...(report.mutes.length === 0
      ? [context('None.')]
      : lines(
          report.mutes.map(
            (mute) =>
              `• ${mute.targetKind} *${escapeMrkdwn(truncate(mute.target, 150))}* until ${slackDate(mute.until.getTime(), nowMs)}` +
              (mute.reason === null ? '' : `: ${escapeMrkdwn(truncate(mute.reason, 200))}`),
          ),
        )),
    { type: 'divider' },
    section('*Noisiest rules, last 24 hours*'),
    ...(report.noisiest.length === 0
      ? [context('No alerts in the last 24 hours.')]
      : lines(
          report.noisiest.map(
            (noise) =>
              `• *${escapeMrkdwn(truncate(noise.rule, 150))}*: ${noise.last24h.toLocaleString('en')} (${trend(noise)})`,
          ),
        )),
  ];
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
