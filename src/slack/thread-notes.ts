/**
 * The words of the notes posted in a proposal's thread (and the Explain button's failure), in Slack mrkdwn. The
 * workflow sends codes and facts (ThreadNote); this is the one place they become sentences. Facts that come from
 * people, alerts or GitHub are escaped here; links and mentions are the only markup.
 */
import type { LinkRef, ThreadNote } from '../triage/ports/index.js';
import { escapeMrkdwn } from './block-kit.js';
import { explainProblemText, prFailureText, prHoldText, removalProblemText } from './problem-text.js';
import { GITHUB_NOT_CONFIGURED } from './unavailable-text.js';

function mention(userId: string): string {
  return `<@${userId}>`;
}

function link(ref: LinkRef): string {
  return `<${ref.url}|#${ref.number}>`;
}

/** A GitHub login as typed by anyone: only login characters survive, so it can neither mention nor link. */
function login(name: string | null): string {
  const clean = (name ?? '').replace(/[^A-Za-z0-9-]/g, '');
  return clean === '' ? 'someone' : `@${clean}`;
}

/** The same words as the proposal's recorded status reason (src/triage/rollout/status-reasons.ts). */
const RUN_FAILURES: Readonly<Record<string, string>> = {
  cancelled: 'was cancelled (a newer run may replace it)',
  timed_out: 'timed out',
  startup_failure: 'could not start',
};

function runFailure(conclusion: string | null): string {
  return RUN_FAILURES[conclusion ?? ''] ?? 'failed';
}

function day(iso: string | null): string {
  return iso === null ? 'its expiry date' : iso.slice(0, 10);
}

export function threadNoteText(note: ThreadNote): string {
  switch (note.code) {
    case 'approved':
      return `Approved by ${mention(note.by)}. Opening the pull request…`;
    case 'approved_without_pr':
      return `Approved by ${mention(note.by)}, but no pull request can be opened: ${GITHUB_NOT_CONFIGURED}`;
    case 'rejected':
      return `Rejected by ${mention(note.by)}.`;
    case 'withdrawn':
      return `Withdrawn by ${mention(note.by)}.`;
    case 'expired':
      return 'This proposal expired before it got enough approvals.';
    case 'pr_retrying':
      return `${mention(note.by)} is retrying the pull request…`;
    case 'pr_failed':
      return `:warning: The pull request could not be opened: ${escapeMrkdwn(prFailureText(note.failure))}`;
    case 'pr_opened':
      return (
        `Pull request ${link(note.pr)} is open for review.` +
        (note.warnings.length === 0 ? '' : ` (Note: ${escapeMrkdwn(note.warnings.join('; '))})`)
      );
    case 'pr_merged':
      return `Pull request ${link(note.pr)} was merged by ${login(note.by)}; waiting for the deploy.`;
    case 'pr_closed':
      return `Pull request ${link(note.pr)} was closed without merging: the exception was not added. Reopen it on GitHub to continue.`;
    case 'pr_reopened':
      return `Pull request ${link(note.pr)} was reopened and waits for review again.`;
    case 'pr_updated':
      return `Pull request ${link(note.pr)} got new commits (head \`${escapeMrkdwn(note.headSha.slice(0, 7))}\`): check on GitHub that it still holds the exception approved here.`;
    case 'pr_refreshed':
      return (
        `\`${escapeMrkdwn(note.baseBranch)}\` moved: falco-triage wrote the approved exception again on top of it (\`${escapeMrkdwn(note.baseSha.slice(0, 7))}\`), verified it again, and pull request ${link(note.pr)} is up to date.` +
        (note.yamlChanged
          ? ` It now adds to what is already on \`${escapeMrkdwn(note.baseBranch)}\`: the proposal above shows the new YAML.`
          : '')
      );
    case 'pr_held':
      return (
        `:raised_hand: falco-triage stopped keeping pull request ${link(note.pr)} up to date: ${escapeMrkdwn(prHoldText(note.hold, note.baseBranch))}. ` +
        `An approver can click *Retry update* to have it write the approved exception again on top of \`${escapeMrkdwn(note.baseBranch)}\`` +
        (note.hold.code === 'pushed_by_person' ? ' (replacing the pushed commits).' : '.')
      );
    case 'pr_refresh_retrying':
      return `${mention(note.by)} asked falco-triage to bring pull request ${link(note.pr)} up to date again…`;
    case 'deployed':
      return `Exception deployed by run ${link(note.run)}.`;
    case 'deploy_failed':
      return `The deploy run ${link(note.run)} ${runFailure(note.conclusion)} (<${note.run.url}|see the run>). The exception is merged but not live.`;
    case 'removal_opened':
      return `The exception expired on ${day(note.expiredAt)}: pull request ${link(note.pr)} removes it. It stays live until that pull request is merged and deployed.`;
    case 'removal_failed':
      return `The exception expired on ${day(note.expiredAt)}, but falco-triage could not remove it: ${escapeMrkdwn(removalProblemText(note.problem))}. Remove it from ${escapeMrkdwn(note.file)} by hand.`;
    case 'removal_merged':
      return `Removal pull request ${link(note.pr)} was merged by ${login(note.by)}: the expired exception is out of the rules and stops applying with the next deploy.`;
    case 'removal_closed':
      return `Removal pull request ${link(note.pr)} was closed without merging: the expired exception stays in the rules.`;
    case 'removal_reopened':
      return `Removal pull request ${link(note.pr)} was reopened.`;
    case 'removed_outside':
      return `The expired exception is no longer in ${escapeMrkdwn(note.file)} on ${escapeMrkdwn(note.branch)}: it counts as removed.`;
    case 'explain_failed':
      return `:warning: ${mention(note.requestedBy)}, this alert cannot be explained: ${escapeMrkdwn(explainProblemText(note.problem))}`;
  }
}
