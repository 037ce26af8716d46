/**
 * Retry on an open exception pull request the bot stopped keeping up to date (a PrHold: a person pushed to its
 * branch, or the change no longer made sense on the new base). Clicked by an approver (checked by the caller), it
 * lifts the hold and queues the re-apply of that proposal (rollout/pr-refresh.ts) in the same transaction.
 */
import { err, ok, type Result } from '../../result.js';
import { prHold, prRefreshRetryJob } from '../jobs/index.js';
import type { DecisionRefusal, Proposal, TriageRepos } from '../ports/index.js';
import { announceProposal } from './proposal-notify.js';

/** Retry on an open pull request the bot stopped updating: lift the hold, queue its re-apply (rollout/pr-refresh.ts). */
export async function retryUpdate(
  tx: TriageRepos,
  proposal: Proposal,
  userId: string,
  now: Date,
): Promise<Result<Proposal, DecisionRefusal>> {
  const hold = prHold.safeParse(proposal.prHold);
  if (!hold.success || proposal.prNumber === null || proposal.prUrl === null)
    return err({ code: 'proposal_not_retryable' });
  const acceptHead = hold.data.code === 'pushed_by_person' ? hold.data.headSha : null;
  const lifted = await tx.proposals.transition({
    id: proposal.id,
    from: ['pr_open'],
    to: 'pr_open',
    now,
    expectedVersion: proposal.version,
    patch: {
      prHold: null,
      // The approver saw this head: from now on it counts as the bot's to replace (a pass queued before this
      // click must not hold it again); a later push does not (it is held again).
      ...(acceptHead === null ? {} : { prBotCommits: [...proposal.prBotCommits, acceptHead].slice(-20) }),
    },
  });
  if (!lifted.ok) return err({ code: 'proposal_changed' });
  await tx.outbox.enqueue(prRefreshRetryJob(proposal.id, acceptHead), now);
  await tx.audit.append({
    at: now,
    actor: userId,
    action: 'proposal.retry_update',
    subjectType: 'proposal',
    subjectId: proposal.id,
    details: { hold: hold.data },
  });
  await announceProposal(tx, lifted.value, now, {
    code: 'pr_refresh_retrying',
    pr: { number: proposal.prNumber, url: proposal.prUrl },
    by: userId,
  });
  return ok(lifted.value);
}
