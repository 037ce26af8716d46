/**
 * From approvals to the exception pull request, run by the job runner over a real outbox with the in-memory rules
 * repository: enough approvals open exactly one pull request with the exception on the proposal's branch; outages
 * are retried, a person's concurrent edit is re-applied on top (never overwritten), and a refusal fails the proposal
 * visibly until an approver retries it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { createJobRunner, JOB_PR_OPEN, type JobRunner } from '../../../../src/triage/jobs/index.js';
import { proposalJobs, type Proposals } from '../../../../src/triage/proposals/index.js';
import type { RulesContext } from '../../../../src/triage/deployed-rules/index.js';
import { pullRequestJob } from '../../../../src/triage/rollout/index.js';
import { exceptionBranch } from '../../../../src/triage/rollout/pull-request-naming.js';
import { InMemoryChat } from '../../../doubles/in-memory-chat.js';
import { InMemoryRepo, repoErrors } from '../../../doubles/in-memory-repo.js';
import { storeTestEnv } from '../../../helpers/store.js';
import { IMPACT_WINDOW_DAYS, propose, proposalsFor } from '../proposal-fixture.js';
import {
  BOB,
  CAROL,
  CHANNEL,
  createTestIntake,
  createTestRules,
  deliverAlerts,
  drain,
  jobs,
  RULES_FILE,
  RULES_SEED,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';
import { oneTarget } from '../../../helpers/targets.js';

describe('the exception pull request job', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let intake: TestIntake;
  let repo: InMemoryRepo;
  let rules: RulesContext;
  let proposals: Proposals;
  let runner: JobRunner;
  let chat: InMemoryChat;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    intake = createTestIntake(store, clock);
    repo = new InMemoryRepo({ files: { [RULES_FILE]: RULES_SEED }, now: () => clock.now().getTime() });
    rules = createTestRules(repo, clock);
    proposals = proposalsFor({ store, rules, clock }, { required: 2 });
    chat = new InMemoryChat();
    const job = pullRequestJob({
      store,
      rules,
      targets: oneTarget(rules, repo),
      clock,
      impactWindowDays: IMPACT_WINDOW_DAYS,
      repo,
      chat,
      rulesFile: RULES_FILE,
      rulesEntry: undefined,
      labels: ['falco-exception'],
      reviewers: [],
    });
    runner = createJobRunner({
      store,
      // As compose-exceptions.ts: the proposal's messages share its queue with its pull request.
      handlers: {
        ...proposalJobs({
          store,
          chat,
          clock,
          requiredApprovals: 2,
          approvers: { users: ['U0BOB00001', 'U0CAROL001'], group: undefined },
        }),
        [JOB_PR_OPEN]: job,
      },
      clock,
      logger: silentLogger,
      workerId: 'runner-1',
      random: () => 0.5,
    });
  });
  afterEach(() => intake.close());

  /** A proposal for `procName`, approved by Bob and Carol. */
  async function approved(procName: string) {
    const proposal = await propose({ store, rules, clock, intake, proposals }, procName);
    await deliverAlerts(store, chat, clock);
    await proposals.approve(proposal.id, BOB);
    await proposals.approve(proposal.id, CAROL);
    return proposal;
  }

  /** The notes in the alert message's thread, where the proposal lives. */
  function threadNotes(): unknown[] {
    const [alert] = chat.messages(CHANNEL);
    return chat
      .thread(CHANNEL, alert?.ts ?? '')
      .flatMap((m) =>
        m.content.kind === 'reply' && m.content.reply.kind === 'note' ? [m.content.reply.note] : [],
      );
  }

  it('opens exactly one pull request, with the exception on the proposal’s branch, once approved', async () => {
    const proposal = await approved('titanagent');

    await drain(runner);
    await drain(runner);

    const [pull] = repo.pulls();
    expect(repo.pulls()).toHaveLength(1);
    expect(pull).toMatchObject({ branch: exceptionBranch(proposal.id), labels: ['falco-exception'] });
    expect(pull?.body).toContain('titanagent');
    expect(repo.file(exceptionBranch(proposal.id), RULES_FILE)).toContain('titanagent');
    expect(repo.file('main', RULES_FILE)).toBe(RULES_SEED);
    expect(await store.proposals.get(proposal.id)).toMatchObject({
      status: 'pr_open',
      prNumber: pull?.number,
      prUrl: `https://github.com/acme/falco-rules/pull/${pull?.number ?? 0}`,
    });
    expect(threadNotes()).toContainEqual({
      code: 'pr_opened',
      pr: { number: pull?.number ?? 0, url: `https://github.com/acme/falco-rules/pull/${pull?.number ?? 0}` },
      warnings: [],
    });
  });

  it('retries a GitHub outage through the outbox and then opens the pull request once', async () => {
    const proposal = await approved('titanagent');
    repo.failNext('openPullRequest', repoErrors.unavailable(30_000));

    await drain(runner);
    expect(repo.pulls()).toEqual([]);
    const [waiting] = await jobs(store, 'pending', JOB_PR_OPEN);
    expect(waiting?.lastError).toMatch(/^github_unavailable: opening the pull request/);
    expect((await store.proposals.get(proposal.id))?.status).toBe('approved');

    clock.advance(30_000);
    await drain(runner);
    expect(repo.pulls()).toHaveLength(1);
    expect((await store.proposals.get(proposal.id))?.status).toBe('pr_open');
  });

  it('re-applies the exception on top of a person’s edit made while the job worked', async () => {
    const proposal = await approved('titanagent');
    const human = `${RULES_SEED}\n# edited by a person while the bot worked\n`;
    repo.beforeNext('writeFile', () => void repo.setFile('main', RULES_FILE, human, 'alice'));

    await drain(runner);

    const edited = repo.file(exceptionBranch(proposal.id), RULES_FILE) ?? '';
    expect(edited).toContain('# edited by a person while the bot worked');
    expect(edited).toContain('titanagent');
    expect(repo.pulls()).toHaveLength(1);
  });

  it('fails the proposal visibly when GitHub refuses, and opens the pull request when an approver retries', async () => {
    const proposal = await approved('titanagent');
    repo.failNext('openPullRequest', repoErrors.forbidden());

    await drain(runner);
    const failed = await store.proposals.get(proposal.id);
    expect(failed?.status).toBe('pr_failed');
    expect(failed?.prFailure).toMatchObject({ code: 'github_refused', kind: 'forbidden' });
    expect(threadNotes()).toContainEqual(expect.objectContaining({ code: 'pr_failed' }));

    expect(await proposals.retry(proposal.id, BOB)).toMatchObject({ ok: true });
    await drain(runner);
    expect(repo.pulls()).toHaveLength(1);
    expect((await store.proposals.get(proposal.id))?.status).toBe('pr_open');
  });
});
