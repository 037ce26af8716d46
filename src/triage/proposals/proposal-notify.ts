/**
 * Telling people where a proposal stands, through the outbox (so it survives restarts and Slack outages): the
 * proposal message in the thread is re-rendered, the alert message's badge is refreshed, and an optional note is
 * posted in the thread. Call inside the transaction that changed the proposal.
 */
import {
  JOB_GROUP_UPDATE,
  JOB_PROPOSAL_UPDATE,
  JOB_THREAD_NOTE,
  groupKey,
  proposalKey,
} from '../jobs/index.js';
import type { Proposal, ThreadNote } from '../ports/index.js';
import type { TriageRepos } from '../ports/index.js';

export async function announceProposal(
  tx: TriageRepos,
  proposal: Proposal,
  now: Date,
  note?: ThreadNote,
): Promise<void> {
  await tx.outbox.enqueue(
    {
      kind: JOB_PROPOSAL_UPDATE,
      payload: { proposalId: proposal.id },
      orderingKey: proposalKey(proposal.id),
      coalesceKey: `proposal-update:${proposal.id}`,
    },
    now,
  );
  if (proposal.groupId !== null) {
    await tx.outbox.enqueue(
      {
        kind: JOB_GROUP_UPDATE,
        payload: { groupId: proposal.groupId },
        orderingKey: groupKey(proposal.groupId),
        coalesceKey: `update:${proposal.groupId}`,
      },
      now,
    );
  }
  if (note !== undefined) {
    await tx.outbox.enqueue(
      {
        kind: JOB_THREAD_NOTE,
        payload: { proposalId: proposal.id, note },
        orderingKey: proposalKey(proposal.id),
      },
      now,
    );
  }
}
