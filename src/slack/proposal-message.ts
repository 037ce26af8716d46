/**
 * The proposal message in the alert's thread: what would change, why, what else it affects, the YAML, the impact,
 * the approvals so far and the Approve / Reject buttons (whose value is only the proposal id). Re-rendered at every
 * step, so the thread always shows the current state; buttons disappear once the proposal is decided.
 */
import { describeImpact } from '../falco/exceptions/index.js';
import type { ProposalView } from '../triage/ports/index.js';
import type { SlackMessage } from './alert-message.js';
import { LIMITS, codeBlock, codeSpan, escapeMrkdwn, truncate } from './block-kit.js';
import { prFailureText, prHoldText } from './problem-text.js';
import { approversText } from './refusal-text.js';
import { reachText } from './rule-reach.js';
import { slackDate } from './slack-date.js';
import { targetText } from './target-text.js';

export const ACTION_APPROVE = 'proposal_approve';
export const ACTION_REJECT = 'proposal_reject';
export const ACTION_RETRY = 'proposal_retry';

const STRATEGY_WORDS: Readonly<Record<ProposalView['strategy'], string>> = {
  exception: 'rule exception',
  list: 'list append',
  macro: 'macro extension',
  condition: 'condition append',
};

function statusLine(view: ProposalView, nowMs: number): string {
  const pr =
    view.prUrl === null ? 'the pull request' : `<${view.prUrl}|pull request #${view.prNumber ?? ''}>`;
  switch (view.status) {
    case 'pending':
      return `:hourglass_flowing_sand: Waiting for approval (${view.approvals.length}/${view.required}) from ${approversText(view.approvers)}; expires ${slackDate(view.expiresAt.getTime(), nowMs)}.`;
    case 'approved':
      return ':white_check_mark: Approved. Opening the pull request…';
    case 'pr_open':
      return view.hold === undefined
        ? `:arrow_heading_up: ${pr} is open for review.`
        : `:raised_hand: ${pr} is open, but falco-triage stopped keeping it up to date: ${escapeMrkdwn(truncate(prHoldText(view.hold, 'the base branch'), 1500))}.`;
    case 'merged':
      return `:twisted_rightwards_arrows: ${pr} merged; waiting for the deploy.`;
    case 'deployed':
      return `:rocket: Deployed${view.deployRunUrl === null ? '' : ` by <${view.deployRunUrl}|this run>`}.`;
    case 'deploy_failed':
      return `:x: Merged, but the deploy failed${view.deployRunUrl === null ? '' : ` (<${view.deployRunUrl}|run>)`}. The exception is not live.`;
    case 'closed_unmerged':
      return `:wastebasket: ${pr} was closed without merging.`;
    case 'pr_failed':
      return `:warning: The pull request could not be opened: ${escapeMrkdwn(truncate(view.failure === undefined ? 'unknown reason' : prFailureText(view.failure), 1500))}`;
    case 'rejected':
      return `:no_entry: Rejected: ${escapeMrkdwn(truncate(view.statusReason ?? '', 1500))}`;
    case 'withdrawn':
      return ':leftwards_arrow_with_hook: Withdrawn by the proposer.';
    case 'expired':
      return ':hourglass: Expired before it got enough approvals.';
    case 'removed':
      return ':broom: The exception expired and was removed from the rules.';
  }
}

/** A proposal from a pasted alert has no alert message above it: it shows the alert itself. */
function pastedAlertBlock(alert: NonNullable<ProposalView['alert']>): Record<string, unknown> {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `*Alert* (pasted into \`/falco explain\`, not posted as an alert message): ${escapeMrkdwn(alert.priority)} on ${escapeMrkdwn(alert.hostname ?? 'an unknown host')}\n${codeBlock(alert.text, 1200)}`,
        LIMITS.sectionText,
      ),
    },
  };
}

export function proposalMessage(view: ProposalView, nowMs: number): SlackMessage {
  const what = `${STRATEGY_WORDS[view.strategy]} on *${escapeMrkdwn(truncate(view.target, 200))}*`;
  const affects = reachText(view.alsoAffects, view.firesMore, { sayNone: true, max: 800 });
  const expiry =
    view.exceptionExpiresAt === null
      ? 'lasting (no expiry)'
      : `until ${view.exceptionExpiresAt.toISOString().slice(0, 10)} (a removal PR opens then)`;
  const blocks: Record<string, unknown>[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `:memo: <@${view.proposer}> proposes an exception for *${escapeMrkdwn(truncate(view.rule, 200))}*\n>${escapeMrkdwn(truncate(view.justification, 1200)).replace(/\n/g, '\n>')}`,
          LIMITS.sectionText,
        ),
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*What:* ${what}, excepting exactly ${codeSpan(view.predicate, 800)}${affects}\n*Impact:* ${view.impact === undefined ? 'not computed' : escapeMrkdwn(describeImpact(view.impact, view.rule))}\n*Lifetime:* ${expiry}${view.falcoTarget === undefined ? '' : `\n*Goes to:* ${targetText(view.falcoTarget)}`}`,
          LIMITS.sectionText,
        ),
      },
    },
    ...(view.alert === undefined ? [] : [pastedAlertBlock(view.alert)]),
    { type: 'section', text: { type: 'mrkdwn', text: codeBlock(view.yaml, 2500) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `${statusLine(view, nowMs)}${view.approvals.length === 0 ? '' : `  Approved by ${view.approvals.map((user) => `<@${user}>`).join(', ')}.`}`,
            LIMITS.sectionText,
          ),
        },
      ],
    },
  ];
  if (view.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: `proposal_actions:${view.proposalId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION_APPROVE,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value: view.proposalId,
          confirm: {
            title: { type: 'plain_text', text: 'Approve this exception?' },
            text: {
              type: 'mrkdwn',
              text: truncate(
                `A pull request will be opened that silences: ${codeSpan(view.predicate, 200)}`,
                300,
              ),
            },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        {
          type: 'button',
          action_id: ACTION_REJECT,
          style: 'danger',
          text: { type: 'plain_text', text: 'Reject' },
          value: view.proposalId,
        },
      ],
    });
  }
  if (view.status === 'pr_failed') {
    blocks.push({
      type: 'actions',
      block_id: `proposal_retry:${view.proposalId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION_RETRY,
          text: { type: 'plain_text', text: 'Retry pull request' },
          value: view.proposalId,
        },
      ],
    });
  }
  if (view.status === 'pr_open' && view.hold !== undefined) blocks.push(retryUpdateBlock(view, view.hold));
  return {
    text: truncate(
      `Exception proposed for ${view.rule} (${view.status.replace('_', ' ')})`,
      LIMITS.fallbackText,
    ),
    blocks,
  };
}

/** Retry on an open pull request the bot stopped updating; replacing a person's commits asks for a confirmation. */
function retryUpdateBlock(
  view: ProposalView,
  hold: NonNullable<ProposalView['hold']>,
): Record<string, unknown> {
  return {
    type: 'actions',
    block_id: `proposal_retry:${view.proposalId}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION_RETRY,
        text: { type: 'plain_text', text: 'Retry update' },
        value: view.proposalId,
        ...(hold.code === 'pushed_by_person'
          ? {
              confirm: {
                title: { type: 'plain_text', text: 'Replace the pushed commits?' },
                text: {
                  type: 'mrkdwn',
                  text: 'falco-triage writes the approved exception again on top of the base branch; the commits someone pushed to the pull request are replaced.',
                },
                confirm: { type: 'plain_text', text: 'Replace' },
                deny: { type: 'plain_text', text: 'Cancel' },
              },
            }
          : {}),
      },
    ],
  };
}
