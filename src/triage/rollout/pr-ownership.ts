/**
 * The bot owns its exception branches: it remembers the commits it made on each (`prBotCommits`) and keeps the
 * branch on top of the base while the head is one of them. A head it did not make was pushed by a person; from then
 * on the bot leaves the branch alone (a hold, with the reason in the thread) until an approver clicks Retry. The
 * webhook path (a `synchronize`), the refresh pass and the Retry all decide with these functions.
 */
import { prHold as prHoldSchema } from '../jobs/index.js';
import type { Clock, PrHold, Proposal, TriageRepos } from '../ports/index.js';
import { announceProposal } from '../proposals/index.js';
import { unchanged, type RolloutResult } from './rollout-move.js';

/** Commits remembered per branch: enough for any webhook still in flight about an earlier update. */
const REMEMBERED_COMMITS = 20;

/** Whether the bot keeps this proposal's pull request up to date (it opened it with this version, no hold). */
export function isOwned(proposal: Proposal): boolean {
  return (
    proposal.status === 'pr_open' &&
    proposal.prNumber !== null &&
    proposal.branch !== null &&
    proposal.prBotCommits.length > 0 &&
    proposal.prHold === null
  );
}

export function isBotCommit(proposal: Proposal, sha: string): boolean {
  return proposal.prBotCommits.includes(sha);
}

/** The commits to remember once `sha` is made (oldest forgotten first). */
export function withBotCommit(proposal: Proposal, sha: string): string[] {
  return [...proposal.prBotCommits.filter((known) => known !== sha), sha].slice(-REMEMBERED_COMMITS);
}

/** The stored hold, read back; undefined when there is none (or a row written by a newer version). */
export function holdOf(proposal: Proposal): PrHold | undefined {
  if (proposal.prHold === null) return undefined;
  const parsed = prHoldSchema.safeParse(proposal.prHold);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Stops keeping the pull request up to date, inside the caller's transaction: the hold on the proposal (only if it
 * is still open and unchanged since read: a concurrent step wins), the audit entry and the thread note. Returns
 * whether it was recorded.
 */
export async function holdPullRequest(
  tx: TriageRepos,
  proposal: Proposal,
  hold: PrHold,
  context: { readonly baseBranch: string; readonly clock: Clock; readonly source: string },
): Promise<boolean> {
  if (proposal.prNumber === null || proposal.prUrl === null) return false;
  const now = context.clock.now();
  const held = await tx.proposals.transition({
    id: proposal.id,
    from: ['pr_open'],
    to: 'pr_open',
    now,
    expectedVersion: proposal.version,
    patch: { prHold: { ...hold } },
  });
  if (!held.ok) return false;
  await tx.audit.append({
    at: now,
    actor: 'falco-triage',
    action: 'proposal.pr_held',
    subjectType: 'proposal',
    subjectId: proposal.id,
    details: { source: context.source, hold },
  });
  await announceProposal(tx, held.value, now, {
    code: 'pr_held',
    pr: { number: proposal.prNumber, url: proposal.prUrl },
    baseBranch: context.baseBranch,
    hold,
  });
  return true;
}

/** An open pull request of the bot's seen at `headSha`: its own commit changes nothing, anyone else's holds it. */
export async function ownedPullSeen(
  tx: TriageRepos,
  proposal: Proposal,
  headSha: string,
  context: { readonly baseBranch: string; readonly clock: Clock; readonly source: string },
): Promise<RolloutResult> {
  if (isBotCommit(proposal, headSha)) return unchanged(proposal, "the bot's own commit");
  if (proposal.prHold !== null) return unchanged(proposal, 'already left to people');
  const held = await holdPullRequest(tx, proposal, { code: 'pushed_by_person', headSha }, context);
  return held
    ? { outcome: 'changed', proposalId: proposal.id, status: proposal.status, detail: 'pushed by a person' }
    : unchanged(proposal, 'changed meanwhile');
}
