/**
 * Submitting, approving and rejecting proposals (proposals.ts) over a real store, with the rules as deployed read
 * from an in-memory rules repository: who may approve, how approvals are counted, and that enough of them queue
 * exactly one pull request job, whatever the clicks.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../../../../src/store/store.js';
import { JOB_PR_OPEN, JOB_PROPOSAL_POST, JOB_THREAD_NOTE } from '../../../../src/triage/jobs/index.js';
import type { RulesContext } from '../../../../src/triage/deployed-rules/index.js';
import { InMemoryRepo } from '../../../doubles/in-memory-repo.js';
import { storeTestEnv } from '../../../helpers/store.js';
import { APPROVERS, ERIN, propose, proposalsFor, submitDefault } from '../proposal-fixture.js';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  createTestIntake,
  createTestRules,
  DAVE,
  jobs,
  RULES_FILE,
  RULES_SEED,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';

describe('proposals: submission and approval', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let intake: TestIntake;
  let rules: RulesContext;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    intake = createTestIntake(store, clock);
    rules = createTestRules(new InMemoryRepo({ files: { [RULES_FILE]: RULES_SEED } }), clock);
  });
  afterEach(() => intake.close());

  function setup(options: Parameters<typeof proposalsFor>[1] = {}) {
    const proposals = proposalsFor({ store, rules, clock }, options);
    return { store, rules, clock, intake, proposals };
  }

  const prJobs = async (proposalId: string) =>
    (await jobs(store, 'pending', JOB_PR_OPEN)).filter((job) => job.payload['proposalId'] === proposalId);

  async function audit(proposalId: string): Promise<unknown[]> {
    const entries = await store.audit.forSubject('proposal', proposalId);
    return entries.map((entry) => [entry.action, entry.actor, entry.details]);
  }

  it('submits a pending proposal for the alert’s thread and queues its message', async () => {
    const s = setup();
    const proposal = await propose(s, 'titanagent');

    expect(proposal).toMatchObject({ status: 'pending', proposer: ALICE, slackChannel: CHANNEL });
    expect(proposal.yaml).toContain('titanagent');
    const [post] = await jobs(store, 'pending', JOB_PROPOSAL_POST);
    expect(post).toMatchObject({
      payload: { proposalId: proposal.id },
      orderingKey: `proposal:${proposal.id}`,
    });
  });

  it('refuses a justification too short for reviewers, and gives back the live proposal for the same exception', async () => {
    const s = setup();
    const first = await propose(s, 'titanagent');
    const groupId = first.groupId ?? '';
    const tooShort = await submitDefault(s, groupId, BOB, 'fp');
    expect(tooShort).toMatchObject({ ok: false, error: { field: 'justification' } });

    const again = await submitDefault(s, groupId, BOB, 'the same agent, proposed again by someone else');
    expect(again).toMatchObject({ ok: true, value: { kind: 'equivalent', proposal: { id: first.id } } });
  });

  it('does not let the proposer approve their own proposal, even when they are an approver', async () => {
    const s = setup({ approvers: [ALICE, ...APPROVERS] });
    const proposal = await propose(s, 'titanagent', ALICE);

    const outcome = await s.proposals.approve(proposal.id, ALICE);

    expect(outcome).toEqual({ ok: false, error: { code: 'proposer_cannot_approve' } });
    expect(await store.approvals.list(proposal.id)).toEqual([]);
    expect((await store.proposals.get(proposal.id))?.status).toBe('pending');
    expect(await prJobs(proposal.id)).toEqual([]);
    expect(await audit(proposal.id)).toContainEqual(['proposal.approve.refused', ALICE, { why: 'proposer' }]);
  });

  it('refuses someone who is not an approver, and counts nothing', async () => {
    const s = setup();
    const proposal = await propose(s, 'titanagent');

    const outcome = await s.proposals.approve(proposal.id, 'U0GUEST001');

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'approver_required', action: 'approve', refusal: { code: 'not_an_approver' } },
    });
    expect(await store.approvals.list(proposal.id)).toEqual([]);
    expect(await audit(proposal.id)).toContainEqual([
      'proposal.approve.refused',
      'U0GUEST001',
      { why: 'not an approver' },
    ]);
  });

  it('counts a second approval by the same approver once', async () => {
    const s = setup({ required: 2 });
    const proposal = await propose(s, 'titanagent');

    expect(await s.proposals.approve(proposal.id, BOB)).toMatchObject({
      ok: true,
      value: { status: 'pending' },
    });
    expect(await s.proposals.approve(proposal.id, BOB)).toEqual({
      ok: false,
      error: { code: 'already_approved' },
    });

    expect((await store.approvals.list(proposal.id)).map((approval) => approval.userId)).toEqual([BOB]);
    expect((await store.proposals.get(proposal.id))?.status).toBe('pending');
    expect(await prJobs(proposal.id)).toEqual([]);
  });

  it('queues exactly one pull request job once the required approvals are in, sequential or at once', async () => {
    const s = setup({ required: 3 });
    const sequential = await propose(s, 'agent-one');
    for (const approver of [BOB, CAROL]) await s.proposals.approve(sequential.id, approver);
    expect(await prJobs(sequential.id)).toEqual([]);
    expect(await s.proposals.approve(sequential.id, DAVE)).toMatchObject({
      ok: true,
      value: { status: 'approved' },
    });
    expect(await s.proposals.approve(sequential.id, ERIN)).toEqual({
      ok: false,
      error: { code: 'proposal_already_decided', status: 'approved' },
    });
    expect(await prJobs(sequential.id)).toHaveLength(1);

    const concurrent = await propose(s, 'agent-two');
    const outcomes = await Promise.all(
      APPROVERS.map((approver) => s.proposals.approve(concurrent.id, approver)),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(3);
    expect(await prJobs(concurrent.id)).toHaveLength(1);
    expect(await store.approvals.list(concurrent.id)).toHaveLength(3);
    expect((await store.proposals.get(concurrent.id))?.status).toBe('approved');
  });

  it('approves without a pull request job when GitHub is not configured, and says why in the thread', async () => {
    const s = setup({ githubConfigured: false });
    const proposal = await propose(s, 'titanagent');

    expect(await s.proposals.approve(proposal.id, BOB)).toMatchObject({ ok: true });

    expect(await prJobs(proposal.id)).toEqual([]);
    const notes = await jobs(store, 'pending', JOB_THREAD_NOTE);
    expect(notes.map((job) => job.payload['note'])).toContainEqual(
      expect.objectContaining({ code: 'approved_without_pr', by: BOB }),
    );
  });

  it('refuses to approve a rejected, withdrawn or expired proposal', async () => {
    const s = setup();
    const rejected = await propose(s, 'agent-one');
    expect(await s.proposals.reject(rejected.id, CAROL, 'too broad')).toMatchObject({
      ok: true,
      value: { status: 'rejected' },
    });
    expect(await s.proposals.approve(rejected.id, BOB)).toEqual({
      ok: false,
      error: { code: 'proposal_already_decided', status: 'rejected' },
    });

    const withdrawn = await propose(s, 'agent-two');
    expect(await s.proposals.reject(withdrawn.id, ALICE, 'agent removed')).toMatchObject({
      value: { status: 'withdrawn' },
    });
    expect(await s.proposals.approve(withdrawn.id, BOB)).toEqual({
      ok: false,
      error: { code: 'proposal_already_decided', status: 'withdrawn' },
    });

    const expired = await propose(s, 'agent-three');
    clock.advance(24 * 3_600_000 + 1);
    expect(await s.proposals.approve(expired.id, BOB)).toEqual({
      ok: false,
      error: { code: 'proposal_expired' },
    });
    expect((await store.proposals.get(expired.id))?.status).toBe('expired');
    expect(await jobs(store, 'pending', JOB_PR_OPEN)).toEqual([]);
  });
});
