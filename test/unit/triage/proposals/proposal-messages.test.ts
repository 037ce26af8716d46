/**
 * The proposal's side of the chat (proposal-jobs.ts), run by the job runner over a real outbox with the in-memory
 * chat: the proposal message waits for its alert's message, goes into that thread, is re-rendered as approvals come
 * in, and notes follow it there, retried through a Slack outage.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { createJobRunner, type JobRunner } from '../../../../src/triage/jobs/index.js';
import type { RulesContext } from '../../../../src/triage/deployed-rules/index.js';
import { proposalJobs } from '../../../../src/triage/proposals/index.js';
import { chatErrors, InMemoryChat } from '../../../doubles/in-memory-chat.js';
import { InMemoryRepo } from '../../../doubles/in-memory-repo.js';
import { storeTestEnv } from '../../../helpers/store.js';
import { propose, proposalsFor } from '../proposal-fixture.js';
import {
  BOB,
  CHANNEL,
  createTestIntake,
  createTestRules,
  deliverAlerts as deliverAlertsOnce,
  RULES_FILE,
  RULES_SEED,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';

describe('proposal messages', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let intake: TestIntake;
  let rules: RulesContext;
  let chat: InMemoryChat;
  let runner: JobRunner;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    intake = createTestIntake(store, clock);
    rules = createTestRules(new InMemoryRepo({ files: { [RULES_FILE]: RULES_SEED } }), clock);
    chat = new InMemoryChat({ channels: [CHANNEL], now: () => clock.now().getTime() });
    runner = createJobRunner({
      store,
      handlers: proposalJobs({
        store,
        chat,
        clock,
        requiredApprovals: 2,
        approvers: { users: ['U0BOB00001', 'U0CAROL001'], group: undefined },
      }),
      clock,
      logger: silentLogger,
      workerId: 'runner-1',
      random: () => 0.5,
    });
  });
  afterEach(() => intake.close());

  const deliverAlerts = () => deliverAlertsOnce(store, chat, clock);

  it('waits for the alert’s message, posts the proposal in its thread, and re-renders it per approval', async () => {
    const s = {
      store,
      rules,
      clock,
      intake,
      proposals: proposalsFor({ store, rules, clock }, { required: 2 }),
    };
    const proposal = await propose(s, 'titanagent');

    expect(await runner.runOnce()).toBe(1);
    expect(chat.attempts).toEqual([]);
    await deliverAlerts();
    clock.advance(2000);
    expect(await runner.runOnce()).toBe(1);

    const [alert] = chat.messages(CHANNEL);
    const [message] = chat.thread(CHANNEL, alert?.ts ?? '');
    expect(message?.content).toMatchObject({
      kind: 'proposal',
      view: { proposalId: proposal.id, approvals: [], required: 2, status: 'pending' },
    });
    expect((await store.proposals.get(proposal.id))?.slackMessageTs).toBe(message?.ts);

    await s.proposals.approve(proposal.id, BOB);
    expect(await runner.runOnce()).toBe(1);
    expect(message?.edits).toHaveLength(1);
    expect(message?.content).toMatchObject({ kind: 'proposal', view: { approvals: [BOB] } });
  });

  it('posts notes as text replies in the proposal’s thread, retrying through a Slack outage', async () => {
    // Without GitHub no pull request job shares (and so precedes) the proposal's queue: the note comes right after.
    const proposals = proposalsFor({ store, rules, clock }, { required: 1, githubConfigured: false });
    const s = { store, rules, clock, intake, proposals };
    const proposal = await propose(s, 'titanagent');
    await deliverAlerts();
    await runner.runOnce();
    await s.proposals.approve(proposal.id, BOB);
    chat.failNext('postThreadReply', chatErrors.unavailable(500));

    expect(await runner.runOnce()).toBe(1); // the proposal message shows the approval
    expect(await runner.runOnce()).toBe(1); // the note meets the outage
    clock.advance(749);
    expect(await runner.runOnce()).toBe(0);
    clock.advance(1);
    expect(await runner.runOnce()).toBe(1);

    const [alert] = chat.messages(CHANNEL);
    const replies = chat.thread(CHANNEL, alert?.ts ?? '').map((reply) => reply.content);
    expect(replies).toEqual([
      expect.objectContaining({ kind: 'proposal' }),
      {
        kind: 'reply',
        reply: { kind: 'note', note: expect.objectContaining({ code: 'approved_without_pr', by: BOB }) },
      },
    ]);
    expect(chat.attempts.filter((attempt) => attempt.error !== undefined).map((a) => a.error?.code)).toEqual([
      'http_500',
    ]);
  });
});
