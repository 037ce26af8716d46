import type { ProposalBadge } from '../triage/ports/index.js';
import { escapeMrkdwn, truncate } from './block-kit.js';
import { prFailureText } from './problem-text.js';

function link(url: string, text: string): string {
  return `<${url}|${escapeMrkdwn(text)}>`;
}

/** One line saying where the group's exception stands, for the alert message and the proposal thread. */
export function proposalBadgeText(badge: ProposalBadge): string {
  switch (badge.state) {
    case 'pending':
      return `:hourglass_flowing_sand: Exception proposed, waiting for approval (${badge.approvals}/${badge.required})`;
    case 'pr_open':
      return `:arrow_heading_up: Exception pull request ${link(badge.prUrl, `#${badge.prNumber}`)} is open for review`;
    case 'merged':
      return `:twisted_rightwards_arrows: Exception ${link(badge.prUrl, `#${badge.prNumber}`)} merged, waiting for the deploy`;
    case 'deployed':
      return badge.runNumber === undefined || badge.runUrl === undefined
        ? `:white_check_mark: Exception ${link(badge.prUrl, `#${badge.prNumber}`)} deployed`
        : `:white_check_mark: Exception ${link(badge.prUrl, `#${badge.prNumber}`)} deployed by run ${link(badge.runUrl, `#${badge.runNumber}`)}`;
    case 'deploy_failed':
      return `:x: Exception ${link(badge.prUrl, 'merged')} but the deploy failed${badge.runUrl === undefined ? '' : `: ${link(badge.runUrl, 'see the run')}`}`;
    case 'rejected':
      return `:no_entry: Exception rejected by <@${badge.by}>: ${escapeMrkdwn(truncate(badge.reason, 300))}`;
    case 'closed_unmerged':
      return `:wastebasket: Exception ${link(badge.prUrl, 'pull request')} closed without merging`;
    case 'failed':
      return `:warning: Exception could not be opened: ${escapeMrkdwn(truncate(badge.failure === undefined ? 'unknown reason' : prFailureText(badge.failure), 500))}`;
    case 'expired':
      return ':hourglass: Exception proposal expired without enough approvals';
  }
}
