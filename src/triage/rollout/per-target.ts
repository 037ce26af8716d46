/**
 * One bot, several targets (TARGETS_FILE): each target gets its own rollout, reconcile pass, pull request job and
 * removal jobs, the pieces of this room given that target's repository, workflow and rules file and narrowed to its
 * proposals. This file puts them behind the single entry points the bot has: one webhook route, one reconcile job,
 * one handler per job kind.
 *
 * Events are routed by repository, never by pull request number (numbers repeat across repositories); one
 * repository may hold several targets' files, so every target of the repository sees the event and only the one
 * whose proposal it is acts on it.
 */
import type { Logger } from '../../logger.js';
import type { JobHandler } from '../jobs/index.js';
import { proposalJobPayload } from '../jobs/index.js';
import type { TriageStore } from '../ports/index.js';
import type { ReconcileReport, Reconciler } from './reconciler.js';
import { JOB_RECONCILE } from './rollout-jobs.js';
import { ignored, type RolloutResult } from './rollout-move.js';
import type { Rollout, RolloutEvent } from './rollout.js';

/** A webhook event and the repository (owner/name) it is about (the GitHub adapter's events carry it). */
export type RepositoryEvent = RolloutEvent & { readonly repository?: string };

export interface TargetRollout {
  readonly falcoTarget: string;
  /** owner/name of the target's rules repository. */
  readonly repository: string;
  readonly rollout: Rollout;
}

/** The webhook route's handler: each event goes to the rollouts of the targets in its repository. */
export function routeByRepository(parts: readonly TargetRollout[]): {
  handle(event: RepositoryEvent): Promise<RolloutResult>;
} {
  return {
    async handle(event) {
      if (event.kind === 'ping' || event.kind === 'ignored') return ignored(event.kind);
      const repository = event.repository?.toLowerCase();
      const mine = parts.filter((part) => part.repository.toLowerCase() === repository);
      if (mine.length === 0)
        return ignored(`${event.repository ?? 'no repository'} is no target's repository`);
      let answer: RolloutResult | undefined;
      for (const part of mine) {
        const result = await part.rollout.handle(event);
        if (answer === undefined || answer.outcome === 'ignored') answer = result;
      }
      return answer ?? ignored('no target');
    },
  };
}

/**
 * One reconcile job for every target: its pass runs each target's pass in turn. Queuing and the timer are the same
 * coalesced job whichever part queues it, so the first part does that.
 */
export function combineReconcilers(parts: readonly Reconciler[]): Reconciler | undefined {
  const first = parts[0];
  if (first === undefined) return undefined;
  if (parts.length === 1) return first;
  async function runOnce(): Promise<ReconcileReport> {
    const reports: ReconcileReport[] = [];
    for (const part of parts) reports.push(await part.runOnce());
    return {
      checked: reports.reduce((sum, report) => sum + report.checked, 0),
      changed: reports.flatMap((report) => report.changed),
      problems: reports.flatMap((report) => report.problems),
    };
  }
  return {
    runOnce,
    request: (reason) => first.request(reason),
    handlers: {
      [JOB_RECONCILE]: async () => {
        await runOnce();
        return { kind: 'done' };
      },
    },
    start: () => first.start(),
    stop: () => first.stop(),
  };
}

/**
 * A job about one proposal (payload `{ proposalId }`) run by the handler of the proposal's target. A target no longer
 * configured gets `fallback` (the pull request job then tells the thread why it cannot go on), or fails.
 */
export function byProposalTarget(
  store: TriageStore,
  handlers: ReadonlyMap<string, JobHandler>,
  logger: Logger,
  fallback?: JobHandler,
): JobHandler {
  return async (job) => {
    const payload = proposalJobPayload.safeParse(job.payload);
    if (!payload.success)
      return { kind: 'fail', code: 'internal', message: `${job.kind} without a proposalId` };
    const proposal = await store.proposals.get(payload.data.proposalId);
    if (proposal === undefined) return { kind: 'done' };
    const handler = handlers.get(proposal.falcoTarget) ?? fallback;
    if (handler !== undefined) return handler(job);
    logger.warn(
      { proposalId: proposal.id, target: proposal.falcoTarget },
      'job for a target no longer configured',
    );
    return {
      kind: 'fail',
      code: 'internal',
      message: `proposal ${proposal.id} belongs to the target "${proposal.falcoTarget}", which is not configured`,
    };
  };
}
