/**
 * Outbox handlers for the proposal's Slack side: the proposal message in the alert's thread (post once, then
 * re-render at each step) and short thread notes (codes, worded by the chat adapter). A proposal without an alert
 * thread (from a pasted alert) is posted as a message of its own in the channel chosen at submission, and its notes
 * go in that message's thread. Rendering reads the stored proposal when the job runs, so a retried or late job shows
 * the current state.
 */
import type { Approvers, ChatError, ChatPort } from '../ports/index.js';
import type { JobHandler, JobOutcome } from '../jobs/index.js';
import {
  JOB_PROPOSAL_POST,
  JOB_PROPOSAL_UPDATE,
  JOB_THREAD_NOTE,
  chatFailure,
  channelKey,
  proposalJobPayload,
  threadNotePayload,
} from '../jobs/index.js';
import type { Clock, TriageStore } from '../ports/index.js';
import type { Proposal } from '../ports/index.js';
import { proposalView } from './proposal-view-builder.js';
import type { ProposalView, ThreadReply } from '../ports/index.js';
import { targetRef, type Targets } from '../targets/index.js';

export interface ProposalJobsDeps {
  readonly store: TriageStore;
  readonly chat: ChatPort;
  readonly clock: Clock;
  readonly requiredApprovals: number;
  readonly approvers: Approvers;
  readonly channelIntervalMs?: number;
  /** Names the proposal's target in its message (where the exception goes). */
  readonly targets?: Targets;
}

function fromChat(error: ChatError, channel: string): JobOutcome {
  return chatFailure(error, { key: channelKey(channel) });
}

export function proposalJobs(deps: ProposalJobsDeps): Record<string, JobHandler> {
  const { store, chat, clock } = deps;
  const pace = (channel: string): { key: string; ms: number } => ({
    key: channelKey(channel),
    ms: deps.channelIntervalMs ?? 1100,
  });

  async function view(proposal: Proposal): Promise<ProposalView> {
    const approvals = await store.approvals.list(proposal.id);
    // Without an alert message above it, the proposal shows its alert itself.
    const row = proposal.groupId === null ? await store.alerts.get(proposal.alertId) : undefined;
    const target = deps.targets?.of(proposal.falcoTarget);
    return proposalView(
      proposal,
      approvals.map((approval) => approval.userId),
      {
        required: deps.requiredApprovals,
        approvers: deps.approvers,
        ...(row === undefined
          ? {}
          : { alert: { priority: row.priority, hostname: row.hostname, text: row.output } }),
        ...(target === undefined ? {} : { falcoTarget: targetRef(target) }),
      },
    );
  }

  /**
   * The channel and thread of a proposal, from the proposal or (when its alert was posted later) the group; `ts`
   * undefined: a proposal without an alert thread, not posted yet.
   */
  async function thread(proposal: Proposal): Promise<{ channel: string; ts?: string } | 'wait' | 'none'> {
    if (proposal.slackChannel !== null && proposal.slackThreadTs !== null) {
      return { channel: proposal.slackChannel, ts: proposal.slackThreadTs };
    }
    if (proposal.groupId === null)
      return proposal.slackChannel === null ? 'none' : { channel: proposal.slackChannel };
    const group = await store.groups.get(proposal.groupId);
    if (group === undefined) return 'none';
    if (group.slackTs === null) return 'wait';
    await store.proposals.update({
      id: proposal.id,
      now: clock.now(),
      patch: { slackChannel: group.channel, slackThreadTs: group.slackTs },
    });
    return { channel: group.channel, ts: group.slackTs };
  }

  const post: JobHandler = async (job) => {
    const { proposalId } = proposalJobPayload.parse(job.payload);
    const proposal = await store.proposals.get(proposalId);
    if (proposal === undefined || proposal.slackMessageTs !== null) return { kind: 'done' };
    const where = await thread(proposal);
    if (where === 'none') return { kind: 'done' };
    if (where === 'wait') return { kind: 'later', afterMs: 2000, reason: 'waiting for the alert message' };
    const result = await chat.postProposal(where.channel, where.ts, await view(proposal));
    if (!result.ok) return fromChat(result.error, where.channel);
    await store.proposals.update({
      id: proposal.id,
      now: clock.now(),
      // A message of its own is also the thread its notes go to.
      patch: {
        slackMessageTs: result.value.ts,
        ...(where.ts === undefined ? { slackThreadTs: result.value.ts } : {}),
      },
    });
    return { kind: 'done', pace: pace(where.channel) };
  };

  const update: JobHandler = async (job) => {
    const { proposalId } = proposalJobPayload.parse(job.payload);
    const proposal = await store.proposals.get(proposalId);
    if (proposal === undefined || proposal.slackChannel === null) return { kind: 'done' };
    // Not posted yet: the post (queued before this update, same ordering key) renders the latest state.
    if (proposal.slackMessageTs === null) return { kind: 'done' };
    const result = await chat.updateProposal(
      proposal.slackChannel,
      proposal.slackMessageTs,
      await view(proposal),
    );
    return result.ok ? { kind: 'done' } : fromChat(result.error, proposal.slackChannel);
  };

  const note: JobHandler = async (job) => {
    const payload = threadNotePayload.parse(job.payload);
    const proposal = await store.proposals.get(payload.proposalId);
    if (proposal === undefined) return { kind: 'done' };
    const where = await thread(proposal);
    if (where === 'none') return { kind: 'done' };
    if (where === 'wait' || where.ts === undefined)
      return { kind: 'later', afterMs: 2000, reason: 'waiting for the alert or proposal message' };
    const reply: ThreadReply =
      'note' in payload ? { kind: 'note', note: payload.note } : { kind: 'text', text: payload.text };
    const result = await chat.postThreadReply(where.channel, where.ts, reply);
    return result.ok ? { kind: 'done', pace: pace(where.channel) } : fromChat(result.error, where.channel);
  };

  return { [JOB_PROPOSAL_POST]: post, [JOB_PROPOSAL_UPDATE]: update, [JOB_THREAD_NOTE]: note };
}
