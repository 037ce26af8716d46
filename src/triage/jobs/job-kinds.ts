/**
 * Outbox job kinds and their payloads. Payloads carry ids only: the worker renders from stored state when it runs,
 * so a coalesced or retried job always sends the latest state. The exception is a thread note, which says what
 * happened at one step: it carries its code and facts, and the chat adapter words it when the job runs.
 */
import { z } from 'zod';
import { threadNote } from './record-schemas.js';

export const JOB_GROUP_POST = 'slack.group.post';
export const JOB_GROUP_UPDATE = 'slack.group.update';
export const JOB_GROUP_SAMPLES = 'slack.group.samples';
/** Show the group's triage state as marks on its message (the bot's reactions), after a state change. */
export const JOB_GROUP_MARKS = 'slack.group.marks';
/** Reply in the group's thread mentioning the user group it was escalated to (once). */
export const JOB_GROUP_ESCALATION = 'slack.group.escalation';

export const SLACK_JOB_KINDS = [
  JOB_GROUP_POST,
  JOB_GROUP_UPDATE,
  JOB_GROUP_SAMPLES,
  JOB_GROUP_MARKS,
  JOB_GROUP_ESCALATION,
] as const;

/** Post the proposal message (with Approve/Reject) in the alert's thread. */
export const JOB_PROPOSAL_POST = 'slack.proposal.post';
/** Re-render the proposal message (approvals, status, PR link). */
export const JOB_PROPOSAL_UPDATE = 'slack.proposal.update';
/** A short note in the proposal's thread ("PR #12 merged", "deployed by run #812"). */
export const JOB_THREAD_NOTE = 'slack.thread.note';
/** Open (or reuse) the pull request of an approved proposal. */
export const JOB_PR_OPEN = 'github.pr.open';
/** Open the pull request that removes an expired exception. */
export const JOB_PR_REMOVE = 'github.pr.remove';
/**
 * Keep open exception pull requests on top of the base branch: a pass over all of them (payload `{ reason }`), or
 * one proposal's again after an approver's Retry (`{ proposalId, acceptHead }`). Passes and retries share one
 * ordering key with the reconcile pass, so no two of them touch the branches at once, on any replica.
 */
export const JOB_PR_REFRESH = 'github.pr.refresh';
/** Reply in an alert group's thread with the explanation of its alert (the Explain button). */
export const JOB_GROUP_EXPLAIN = 'slack.group.explain';

export const explainJobPayload = z.object({ groupId: z.string(), userId: z.string() });

export const proposalJobPayload = z.object({ proposalId: z.string() });

export const prRefreshPayload = z.union([
  z.object({
    proposalId: z.string(),
    /** The person's head the approver chose to replace (a `pushed_by_person` hold); null otherwise. */
    acceptHead: z.string().nullable(),
  }),
  /** `target`: the Falco target whose pull requests the pass is for (absent: the only one). */
  z.object({ reason: z.string(), target: z.string().optional() }),
]);

/** The ordering key of the reconcile pass (rollout/rollout-jobs.ts), shared by the refresh jobs. */
export const GITHUB_PASS_KEY = 'github.reconcile';

/** The refresh pass of a target: every trigger (merge, push, reconciler) folds into one pending job. */
export function prRefreshPassJob(reason: string, target?: string) {
  return {
    kind: JOB_PR_REFRESH,
    payload: target === undefined ? { reason } : { reason, target },
    orderingKey: GITHUB_PASS_KEY,
    coalesceKey: target === undefined ? JOB_PR_REFRESH : `${JOB_PR_REFRESH}:pass:${target}`,
  };
}

/** One proposal's refresh again, after an approver's Retry. */
export function prRefreshRetryJob(proposalId: string, acceptHead: string | null) {
  return {
    kind: JOB_PR_REFRESH,
    payload: { proposalId, acceptHead },
    orderingKey: GITHUB_PASS_KEY,
    coalesceKey: `${JOB_PR_REFRESH}:${proposalId}`,
  };
}

/**
 * A note for a proposal's thread. `text` is the shape queued before notes were codes (already Slack mrkdwn): jobs
 * of that shape can still be in the outbox after an upgrade, and are posted as they are.
 */
export const threadNotePayload = z.union([
  z.object({ proposalId: z.string(), note: threadNote }),
  z.object({ proposalId: z.string(), text: z.string() }),
]);

/** Jobs about one proposal (its PR, its message) run one at a time, in order. */
export function proposalKey(proposalId: string): string {
  return `proposal:${proposalId}`;
}

export const groupJobPayload = z.object({ groupId: z.string() });
export const samplesJobPayload = z.object({
  groupId: z.string(),
  samples: z.record(z.string(), z.array(z.string())),
});

/** Jobs that post new messages in a channel share this ordering key: Slack paces postMessage per channel. */
export function channelKey(channel: string): string {
  return `channel:${channel}`;
}

/** Jobs about one group's message run one at a time, in order. */
export function groupKey(groupId: string): string {
  return `group:${groupId}`;
}
