/**
 * Wiring of the exception workflow (part of the composition root): proposals and the false-positive flow over the
 * targets, each target's rollout (pull request and removal jobs, webhooks, reconcile pass) on its own repository,
 * and the outbox runner for proposal messages and pull requests.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ApproverPolicy } from '../triage/proposals/index.js';
import type { ChatPort, Unavailable } from '../triage/ports/index.js';
import { createAlertExplanations, type AlertExplanations } from '../triage/commands/index.js';
import { createExceptionFlow, type ExceptionFlow } from '../triage/proposals/index.js';
import { explainJob } from '../triage/commands/index.js';
import { createJobRunner, type JobRunner } from '../triage/jobs/index.js';
import { JOB_PR_OPEN, JOB_PR_REMOVE, type JobHandler } from '../triage/jobs/index.js';
import type { Clock, IdFactory, TriageStore } from '../triage/ports/index.js';
import { proposalBadge } from '../triage/proposals/index.js';
import { proposalJobs } from '../triage/proposals/index.js';
import { createProposals, type Proposals, type ProposalsDeps } from '../triage/proposals/index.js';
import { pullRequestJob } from '../triage/rollout/index.js';
import type { ProposalBadge } from '../triage/ports/index.js';
import type { Targets } from '../triage/targets/index.js';
import { createExpiryJobs } from '../triage/rollout/index.js';
import { createReconciler, type Reconciler } from '../triage/rollout/index.js';
import { createRemovalCheck } from '../triage/rollout/index.js';
import {
  byProposalTarget,
  combineReconcilers,
  createPrRefresh,
  createRollout,
  routeByRepository,
  type RepositoryEvent,
  type RolloutResult,
  type TargetRollout,
} from '../triage/rollout/index.js';
import { JOB_PR_REFRESH, prRefreshPayload } from '../triage/jobs/index.js';

export interface ExceptionWiring {
  readonly proposals: Proposals;
  readonly flow: ExceptionFlow;
  readonly runner: JobRunner;
  readonly explanations: AlertExplanations;
  /** GitHub events → proposal states, routed to the target of the event's repository (undefined without GitHub). */
  readonly rollout: { handle(event: RepositoryEvent): Promise<RolloutResult> } | undefined;
  /** The `owner/name` of every target repository (webhooks about others are ignored). */
  readonly repositories: readonly string[];
  readonly reconciler: Reconciler | undefined;
  readonly badge: (groupId: string) => Promise<ProposalBadge | undefined>;
}

export function wireExceptions(args: {
  readonly config: Config;
  readonly store: TriageStore;
  readonly chat: ChatPort;
  readonly clock: Clock;
  readonly random: () => number;
  readonly newId: IdFactory;
  readonly logger: Logger;
  readonly approvers: ApproverPolicy;
  readonly targets: Targets;
  readonly workerId: string;
  readonly pollMs?: number;
  readonly channelIntervalMs?: number;
  /** Where a proposal without an alert thread is posted (ProposalsDeps.proposalChannel). */
  readonly proposalChannel?: ProposalsDeps['proposalChannel'];
  /** More jobs for the same runner (App Home's publish). */
  readonly extraHandlers?: Readonly<Record<string, JobHandler>>;
}): ExceptionWiring {
  const { config, store, clock, targets } = args;
  const withRepo = targets.all.flatMap((target) =>
    target.repo === undefined ? [] : [{ target, repo: target.repo, spec: target.spec }],
  );
  const githubUnavailable: Unavailable | undefined =
    withRepo.length === 0 ? { code: 'github_not_configured' } : undefined;
  const rulesUnavailable: Unavailable | undefined = targets.all.every(
    (target) => target.rules.unavailable !== undefined,
  )
    ? { code: 'rules_not_configured' }
    : undefined;
  const draftDeps = { store, targets, clock, impactWindowDays: config.impactWindowDays };
  const proposals = createProposals({
    ...draftDeps,
    newId: args.newId,
    approvers: args.approvers,
    requiredApprovals: config.approvals.required,
    proposalTtlHours: config.approvals.proposalTtlHours,
    githubConfigured: withRepo.length > 0,
    ...(args.proposalChannel === undefined ? {} : { proposalChannel: args.proposalChannel }),
  });
  const flow = createExceptionFlow({
    ...draftDeps,
    proposals,
    unavailable: githubUnavailable ?? rulesUnavailable,
  });
  const explanations = createAlertExplanations({ store, targets, clock });

  // Each target with a repository: its own rollout, expiry jobs, reconcile pass and pull request job.
  const rollouts: TargetRollout[] = [];
  const reconcilers: Reconciler[] = [];
  const pullRequestJobs = new Map<string, JobHandler>();
  const removalJobs = new Map<string, JobHandler>();
  const refreshJobs = new Map<string, JobHandler>();
  for (const { target, repo, spec } of withRepo) {
    const logger = args.logger.child({ target: target.name });
    const rollout = createRollout({
      store,
      clock,
      logger: logger.child({ component: 'rollout' }),
      deployWorkflow: spec.deployWorkflow,
      baseBranch: spec.baseBranch,
      falcoTarget: target.name,
    });
    const rulesFile = spec.rulesFile ?? '';
    const expiry = createExpiryJobs({
      store,
      repo,
      clock,
      logger: logger.child({ component: 'expiry' }),
      rulesFile,
      labels: spec.labels,
      reviewers: spec.reviewers,
      falcoTarget: target.name,
      check: createRemovalCheck({
        baseRules: async () => {
          const deployed = await target.rules.current();
          return deployed.ok ? deployed.value.base : [];
        },
        falcoVersion: spec.falcoVersion,
        ...(target.fields === undefined ? {} : { fields: target.fields }),
      }),
    });
    const refresh = createPrRefresh({
      ...draftDeps,
      rules: target.rules,
      repo,
      chat: args.chat,
      logger: logger.child({ component: 'pr-refresh' }),
      rulesFile,
      rulesEntry: undefined,
      falcoTarget: target.name,
    });
    const refreshJob = refresh.handlers[JOB_PR_REFRESH];
    if (refreshJob !== undefined) refreshJobs.set(target.name, refreshJob);
    reconcilers.push(
      createReconciler({
        store,
        repo,
        rollout,
        clock,
        logger: logger.child({ component: 'reconciler' }),
        deployWorkflow: spec.deployWorkflow,
        intervalMs: config.reconcileIntervalSeconds * 1000,
        expiry,
        refresh,
        falcoTarget: target.name,
      }),
    );
    rollouts.push({
      falcoTarget: target.name,
      repository: `${spec.repository?.owner ?? ''}/${spec.repository?.name ?? ''}`,
      rollout,
    });
    const removal = expiry.handlers[JOB_PR_REMOVE];
    if (removal !== undefined) removalJobs.set(target.name, removal);
    pullRequestJobs.set(
      target.name,
      pullRequestJob({
        ...draftDeps,
        rules: target.rules,
        repo,
        chat: args.chat,
        rulesFile,
        rulesEntry: undefined,
        labels: spec.labels,
        reviewers: spec.reviewers,
      }),
    );
  }
  const reconciler = combineReconcilers(reconcilers);
  const jobsLogger = args.logger.child({ component: 'workflow-jobs' });
  const handlers = {
    ...args.extraHandlers,
    ...reconciler?.handlers,
    ...(removalJobs.size === 0 ? {} : { [JOB_PR_REMOVE]: byProposalTarget(store, removalJobs, jobsLogger) }),
    ...(refreshJobs.size === 0 ? {} : { [JOB_PR_REFRESH]: refreshByTarget(store, refreshJobs, jobsLogger) }),
    ...explainJob({ store, chat: args.chat, explanations }),
    ...proposalJobs({
      store,
      chat: args.chat,
      clock,
      requiredApprovals: config.approvals.required,
      approvers: args.approvers.approvers,
      targets,
      ...(args.channelIntervalMs === undefined ? {} : { channelIntervalMs: args.channelIntervalMs }),
    }),
    // A proposal whose target is no longer configured goes to any pull request job: it tells the thread why not.
    ...(pullRequestJobs.size === 0
      ? {}
      : {
          [JOB_PR_OPEN]: byProposalTarget(
            store,
            pullRequestJobs,
            jobsLogger,
            pullRequestJobs.values().next().value,
          ),
        }),
  };
  const runner = createJobRunner({
    store,
    handlers,
    clock,
    logger: jobsLogger,
    workerId: args.workerId,
    random: args.random,
    ...(args.pollMs === undefined ? {} : { pollMs: args.pollMs }),
  });
  return {
    proposals,
    flow,
    runner,
    explanations,
    rollout: rollouts.length === 0 ? undefined : routeByRepository(rollouts),
    repositories: rollouts.map((part) => part.repository),
    reconciler,
    async badge(groupId) {
      const proposal = await store.proposals.latestForGroup(groupId);
      if (proposal === undefined) return undefined;
      const approvals = await store.approvals.list(proposal.id);
      return proposalBadge(proposal, approvals.length, config.approvals.required);
    },
  };
}

/**
 * The refresh job of the target it is for: a Retry names its proposal (whose target decides), a pass names its
 * target (a pass queued before targets existed, none: the only target's).
 */
function refreshByTarget(
  store: TriageStore,
  handlers: ReadonlyMap<string, JobHandler>,
  logger: Logger,
): JobHandler {
  const byProposal = byProposalTarget(store, handlers, logger);
  return async (job) => {
    const payload = prRefreshPayload.safeParse(job.payload);
    if (!payload.success)
      return { kind: 'fail', code: 'internal', message: `${job.kind}: ${payload.error.message}` };
    if ('proposalId' in payload.data) return byProposal(job);
    const target = payload.data.target;
    const handler = target === undefined ? [...handlers.values()][0] : handlers.get(target);
    if (handler !== undefined) return handler(job);
    logger.warn({ target }, 'pull request refresh for a target no longer configured');
    return { kind: 'done' };
  };
}
