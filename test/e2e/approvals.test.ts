import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadRules } from '../../src/falco/rules/index.js';
import { parseFalcoVersion } from '../../src/falco/version.js';
import { readFixture } from '../helpers/fixtures.js';
import { ALICE, BOB, CAROL, propose } from './helpers/propose.js';
import { RULES_REPO, startRulesRepo, type RulesRepoSetup } from './helpers/rules-repo.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

let repo: RulesRepoSetup;
let t: TestBot;
let offsetMs = 0;

beforeAll(async () => {
  repo = await startRulesRepo();
  t = await startTestBot({
    env: { ...repo.env, PROPOSAL_TTL_HOURS: '1' },
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: {
      delivery: { channelIntervalMs: 10, pollMs: 20 },
      github: { throttle: false, retries: 0 },
      // A clock the tests can move forward (proposal expiry) without sleeping.
      clock: { now: () => new Date(Date.now() + offsetMs) },
    },
  });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await repo.github.close();
});

function pullsFor(procName: string) {
  return repo.github.pulls(RULES_REPO).filter((pull) => (pull.body ?? '').includes(procName));
}

async function ephemeralTo(user: string, words: string): Promise<void> {
  await t.slack.waitFor(() => t.slack.ephemerals({ user }).some((e) => (e.text ?? '').includes(words)));
}

describe('approvals', () => {
  it('two approvers clicking at the same instant make exactly one pull request', async () => {
    const { proposal } = await propose(t, 'agent-one');

    await Promise.all([
      t.client.click({ channel: ALERTS_CHANNEL, ts: proposal.ts, actionId: 'proposal_approve', user: BOB }),
      t.client.click({ channel: ALERTS_CHANNEL, ts: proposal.ts, actionId: 'proposal_approve', user: CAROL }),
    ]);

    await repo.github.waitFor(() => pullsFor('agent-one').length > 0, { timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pullsFor('agent-one')).toHaveLength(1);
  });

  it('a Slack retry of an approval changes nothing', async () => {
    const { proposal } = await propose(t, 'agent-two');
    const click = {
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    } as const;

    const first = await t.client.click(click);
    await repo.github.waitFor(() => pullsFor('agent-two').length > 0, { timeoutMs: 20_000 });
    await t.client.redeliver(first.payload, { retryNum: 1, retryReason: 'http_timeout' });

    await ephemeralTo(BOB, 'already');
    expect(pullsFor('agent-two')).toHaveLength(1);
    const { rows } = await t.bot.store.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'proposal.approve'",
    );
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });

  it('an expired proposal cannot be approved, and says so', async () => {
    const { proposal } = await propose(t, 'agent-three');
    offsetMs = 2 * 3_600_000;

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    });

    await ephemeralTo(BOB, 'expired');
    offsetMs = 0;
    expect(pullsFor('agent-three')).toHaveLength(0);
    await t.slack.waitFor(
      () => JSON.stringify(t.slack.message(ALERTS_CHANNEL, proposal.ts)?.content.blocks).includes('Expired'),
      { timeoutMs: 15_000, what: 'the proposal message to say Expired' },
    );
  });

  it('rejection asks for a reason, and the proposer may withdraw', async () => {
    const { proposal } = await propose(t, 'agent-four');

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_reject',
      user: CAROL,
    });
    const view = await t.slack.waitFor(() =>
      t.slack
        .openViews(CAROL)
        .find((candidate) => JSON.stringify(candidate.definition).includes('reject_reason')),
    );
    const empty = await t.client.submitView({ viewId: view.id, user: CAROL, values: { reject_reason: '' } });
    expect(empty.outcome).toMatchObject({ kind: 'errors' });
    await t.client.submitView({
      viewId: view.id,
      user: CAROL,
      values: { reject_reason: 'too broad: scope it to the image' },
    });

    await t.slack.waitFor(() =>
      JSON.stringify(t.slack.message(ALERTS_CHANNEL, proposal.ts)?.content.blocks).includes('too broad'),
    );
    // Decided: the buttons are gone from the message.
    expect(JSON.stringify(t.slack.message(ALERTS_CHANNEL, proposal.ts)?.content.blocks)).not.toContain(
      'proposal_approve',
    );

    // The proposer's own Reject is a withdrawal.
    const second = await propose(t, 'agent-eight');
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: second.proposal.ts,
      actionId: 'proposal_reject',
      user: ALICE,
    });
    const withdraw = await t.slack.waitFor(() =>
      t.slack.openViews(ALICE).find((candidate) => JSON.stringify(candidate.definition).includes('Withdraw')),
    );
    await t.client.submitView({
      viewId: withdraw.id,
      user: ALICE,
      values: { reject_reason: 'the agent was removed' },
    });
    await t.slack.waitFor(() =>
      JSON.stringify(t.slack.message(ALERTS_CHANNEL, second.proposal.ts)?.content.blocks).includes(
        'Withdrawn',
      ),
    );
  });

  it('a concurrent edit of the rules file leads to a clean re-apply, not an overwrite', async () => {
    const { proposal } = await propose(t, 'agent-five');
    const human = `${readFixture('rules-repo', 'values-modern.yaml')}\n# edited by a human while the bot worked\n`;
    repo.github.faults.beforeNext({ operationId: 'repos/create-or-update-file-contents' }, () => {
      repo.github.setFile(RULES_REPO, 'main', 'values.yaml', human);
    });

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    });

    const [pull] = await repo.github.waitFor(
      () => pullsFor('agent-five').length > 0 && pullsFor('agent-five'),
      {
        timeoutMs: 20_000,
      },
    );
    const edited = repo.github.file(RULES_REPO, pull?.head.ref ?? '', 'values.yaml') ?? '';
    expect(edited).toContain('# edited by a human while the bot worked');
    expect(edited).toContain('agent-five');
    const version = parseFalcoVersion('0.44.1');
    if (!version.ok) throw new Error('version');
    const load = loadRules(
      [
        { name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') },
        { name: 'values.yaml', content: edited },
      ],
      { falcoVersion: version.value },
    );
    expect(load.errors).toEqual([]);
  });

  it('GitHub outages are retried through the outbox until the pull request opens', async () => {
    const { proposal } = await propose(t, 'agent-six');
    repo.github.faults.inject({ operationId: 'pulls/create' }, { kind: 'status', status: 502 }, { times: 2 });

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    });

    await repo.github.waitFor(() => pullsFor('agent-six').length > 0, { timeoutMs: 25_000 });
    expect(pullsFor('agent-six')).toHaveLength(1);
  }, 40_000);

  it('a pull request GitHub refuses shows why in the thread, and an approver can retry it', async () => {
    const { alert, proposal } = await propose(t, 'agent-nine');
    repo.github.faults.inject(
      { operationId: 'pulls/create' },
      { kind: 'status', status: 422, message: 'Validation Failed' },
    );

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    });

    await t.slack.waitFor(() =>
      JSON.stringify(t.slack.thread(ALERTS_CHANNEL, alert.ts).map((m) => m.content)).includes(
        'could not be opened: GitHub refused opening the pull request',
      ),
    );
    await t.slack.waitFor(() =>
      JSON.stringify(t.slack.message(ALERTS_CHANNEL, proposal.ts)?.content.blocks).includes('proposal_retry'),
    );
    expect(pullsFor('agent-nine')).toHaveLength(0);

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_retry',
      user: CAROL,
    });

    await repo.github.waitFor(() => pullsFor('agent-nine').length > 0, { timeoutMs: 20_000 });
  }, 40_000);

  it('nobody can approve their own proposal', async () => {
    const { proposal } = await propose(t, 'agent-seven');

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: ALICE,
    });

    await ephemeralTo(ALICE, 'someone else');
    expect(pullsFor('agent-seven')).toHaveLength(0);
  });
});
