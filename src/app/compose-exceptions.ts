/**
 * Wiring of the exception workflow (part of the composition root): the rules as deployed, the GitHub repository,
 * proposals, the false-positive flow, and the outbox runner for proposal messages and pull requests.
 */
import type { Config } from '../config.js';
import type { FieldCatalog } from '../falco/fields/index.js';
import type { RulesFileInput } from '../falco/rules/index.js';
import type { JobHandler } from '../triage/jobs/index.js';
import { parseFalcoVersion } from '../falco/version.js';
import { createGitHubRepo, type GitHubRepoOptions } from '../github/index.js';
import type { Logger } from '../logger.js';
import type { ApproverPolicy } from '../triage/proposals/index.js';
import type { ChatPort, Unavailable } from '../triage/ports/index.js';
import { createAlertExplanations, type AlertExplanations } from '../triage/commands/index.js';
import { createExceptionFlow, type ExceptionFlow } from '../triage/proposals/index.js';
import { explainJob } from '../triage/commands/index.js';
import { createJobRunner, type JobRunner } from '../triage/jobs/index.js';
import { JOB_PR_OPEN } from '../triage/jobs/index.js';
import type { Clock, IdFactory, TriageStore } from '../triage/ports/index.js';
import { proposalBadge } from '../triage/proposals/index.js';
import { proposalJobs } from '../triage/proposals/index.js';
import { createProposals, type Proposals, type ProposalsDeps } from '../triage/proposals/index.js';
import { pullRequestJob } from '../triage/rollout/index.js';
import type { ProposalBadge } from '../triage/ports/index.js';
import type { RepoPort } from '../triage/ports/index.js';
import { createRulesContext, type RulesContext } from '../triage/deployed-rules/index.js';
import { createExpiryJobs } from '../triage/rollout/index.js';
import { createReconciler, type Reconciler } from '../triage/rollout/index.js';
import { createRemovalCheck } from '../triage/rollout/index.js';
import { createRollout, type Rollout } from '../triage/rollout/index.js';
import { createPrRefresh } from '../triage/rollout/index.js';

export interface ExceptionWiring {
  readonly rules: RulesContext;
  readonly repo: RepoPort | undefined;
  readonly proposals: Proposals;
  readonly flow: ExceptionFlow;
  readonly runner: JobRunner;
  readonly explanations: AlertExplanations;
  /** GitHub events → proposal states (undefined without GitHub). */
  readonly rollout: Rollout | undefined;
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
  readonly baseRules: readonly RulesFileInput[];
  readonly fields: FieldCatalog | undefined;
  readonly workerId: string;
  readonly github?: GitHubRepoOptions;
  readonly pollMs?: number;
  readonly channelIntervalMs?: number;
  /** Where a proposal without an alert thread is posted (ProposalsDeps.proposalChannel). */
  readonly proposalChannel?: ProposalsDeps['proposalChannel'];
  /** More jobs for the same runner (App Home's publish). */
  readonly extraHandlers?: Readonly<Record<string, JobHandler>>;
}): ExceptionWiring {
  const { config, store, clock } = args;
  const version = parseFalcoVersion(config.falco.version);
  if (!version.ok) throw new Error(`FALCO_VERSION ${config.falco.version}: ${version.error.message}`);
  const github = config.github;
  const repo =
    github === undefined ? undefined : createGitHubRepo(github, { logger: args.logger, ...args.github });
  const rules = createRulesContext({
    base: args.baseRules,
    falcoVersion: version.value,
    fields: args.fields,
    repo,
    rulesFile: github?.rulesFile,
    clock,
  });
  const githubUnavailable: Unavailable | undefined =
    github === undefined ? { code: 'github_not_configured' } : undefined;
  const draftDeps = { store, rules, clock, impactWindowDays: config.impactWindowDays };
  const proposals = createProposals({
    ...draftDeps,
    newId: args.newId,
    approvers: args.approvers,
    requiredApprovals: config.approvals.required,
    proposalTtlHours: config.approvals.proposalTtlHours,
    githubConfigured: github !== undefined,
    ...(args.proposalChannel === undefined ? {} : { proposalChannel: args.proposalChannel }),
  });
  const flow = createExceptionFlow({
    ...draftDeps,
    proposals,
    unavailable: githubUnavailable ?? rules.unavailable,
  });
  const explanations = createAlertExplanations({ store, rules, clock });
  const rollout =
    github === undefined
      ? undefined
      : createRollout({
          store,
          clock,
          logger: args.logger.child({ component: 'rollout' }),
          deployWorkflow: github.deployWorkflow,
          baseBranch: github.baseBranch,
        });
  const expiry =
    repo === undefined || github === undefined
      ? undefined
      : createExpiryJobs({
          store,
          repo,
          clock,
          logger: args.logger.child({ component: 'expiry' }),
          rulesFile: github.rulesFile,
          labels: github.labels,
          reviewers: github.reviewers,
          check: createRemovalCheck({
            baseRules: () => args.baseRules,
            falcoVersion: version.value,
            ...(args.fields === undefined ? {} : { fields: args.fields }),
          }),
        });
  const refresh =
    repo === undefined || github === undefined
      ? undefined
      : createPrRefresh({
          ...draftDeps,
          repo,
          chat: args.chat,
          logger: args.logger.child({ component: 'pr-refresh' }),
          rulesFile: github.rulesFile,
          rulesEntry: undefined,
        });
  const reconciler =
    repo === undefined || github === undefined || rollout === undefined
      ? undefined
      : createReconciler({
          store,
          repo,
          rollout,
          clock,
          logger: args.logger.child({ component: 'reconciler' }),
          deployWorkflow: github.deployWorkflow,
          intervalMs: config.reconcileIntervalSeconds * 1000,
          ...(expiry === undefined ? {} : { expiry }),
          ...(refresh === undefined ? {} : { refresh }),
        });
  const handlers = {
    ...args.extraHandlers,
    ...reconciler?.handlers,
    ...expiry?.handlers,
    ...refresh?.handlers,
    ...explainJob({ store, chat: args.chat, explanations }),
    ...proposalJobs({
      store,
      chat: args.chat,
      clock,
      requiredApprovals: config.approvals.required,
      approvers: args.approvers.approvers,
      ...(args.channelIntervalMs === undefined ? {} : { channelIntervalMs: args.channelIntervalMs }),
    }),
    ...(repo === undefined || github === undefined
      ? {}
      : {
          [JOB_PR_OPEN]: pullRequestJob({
            ...draftDeps,
            repo,
            chat: args.chat,
            rulesFile: github.rulesFile,
            rulesEntry: undefined,
            labels: github.labels,
            reviewers: github.reviewers,
          }),
        }),
  };
  const runner = createJobRunner({
    store,
    handlers,
    clock,
    logger: args.logger.child({ component: 'workflow-jobs' }),
    workerId: args.workerId,
    random: args.random,
    ...(args.pollMs === undefined ? {} : { pollMs: args.pollMs }),
  });
  return {
    rules,
    repo,
    proposals,
    flow,
    runner,
    explanations,
    rollout,
    reconciler,
    async badge(groupId) {
      const proposal = await store.proposals.latestForGroup(groupId);
      if (proposal === undefined) return undefined;
      const approvals = await store.approvals.list(proposal.id);
      return proposalBadge(proposal, approvals.length, config.approvals.required);
    },
  };
}
