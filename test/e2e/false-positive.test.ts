import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadRules } from '../../src/falco/rules/index.js';
import { parseFalcoVersion } from '../../src/falco/version.js';
import { evaluateAlert, planImpact } from '../../src/falco/exceptions/index.js';
import { alertFixture, readFixture } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';
import { BOB as APPROVER, propose } from './helpers/propose.js';
import { RULES_REPO, startRulesRepo, type RulesRepoSetup } from './helpers/rules-repo.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const DAVE = 'U0DAVE0001';
let repo: RulesRepoSetup;
let t: TestBot;

beforeAll(async () => {
  repo = await startRulesRepo();
  t = await startTestBot({
    env: repo.env,
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
  });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await repo.github.close();
});

function text(value: unknown): string {
  return JSON.stringify(value);
}

async function alertMessage(rule: string) {
  return t.slack.waitFor(() =>
    t.slack.messages(ALERTS_CHANNEL).find((message) => text(message.content.blocks).includes(rule)),
  );
}

describe('Mark false positive → approve → pull request', () => {
  it('goes from the alert to a verified pull request', async () => {
    // Fresh times: the impact preview counts the alerts of the last 7 days.
    const now = new Date().toISOString();
    const cat: Record<string, unknown> = { ...alertFixture('029'), time: now };
    const grep = { ...cat, output_fields: { ...(cat.output_fields as object), 'proc.name': 'grep' } };
    expect((await t.post('/falco/alerts', [cat, grep])).status).toBe(202);
    const message = await alertMessage('Read sensitive file untrusted');

    // Alice opens the modal: a loading view at once, then the real one with the preview.
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
    const view = await t.slack.waitFor(() =>
      t.slack.openViews(ALICE).find((candidate) => text(candidate.definition).includes('fp_justification')),
    );
    expect(text(view.definition)).toContain('proc.name = cat');
    expect(text(view.definition)).toContain('would have silenced 1 alert of this rule on 1 host');

    // Widening to fd.name alone updates the preview: the grep alert would be silenced too.
    await t.client.viewAction({ viewId: view.id, actionId: 'fp_fields', user: ALICE, input: ['fd.name'] });
    await t.slack.waitFor(() =>
      text(t.slack.view(view.id)?.definition).includes('would have silenced 2 alerts of this rule on 1 host'),
    );

    // Submitting without a justification is refused inline.
    const empty = await t.client.submitView({
      viewId: view.id,
      user: ALICE,
      values: { fp_justification: '' },
    });
    expect(empty.outcome).toMatchObject({ kind: 'errors' });

    const submitted = await t.client.submitView({
      viewId: view.id,
      user: ALICE,
      values: {
        fp_fields: ['proc.name', 'fd.name'],
        fp_justification: 'cat of /etc/shadow is our nightly backup check',
      },
    });
    expect(submitted.outcome).toMatchObject({ kind: 'closed' });

    // The proposal appears in the alert's thread with Approve / Reject.
    const proposalMessage = await t.slack.waitFor(() =>
      t.slack
        .thread(ALERTS_CHANNEL, message.ts)
        .find((reply) => text(reply.content.blocks).includes('proposal_approve')),
    );
    expect(text(proposalMessage.content.blocks)).toContain('falco_triage_proc_name_fd_name');

    // The proposer and a non-approver are refused, ephemerally.
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposalMessage.ts,
      actionId: 'proposal_approve',
      user: ALICE,
    });
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposalMessage.ts,
      actionId: 'proposal_approve',
      user: DAVE,
    });
    await t.slack.waitFor(() =>
      t.slack.ephemerals({ user: ALICE }).some((e) => (e.text ?? '').includes('someone else')),
    );
    await t.slack.waitFor(() =>
      t.slack.ephemerals({ user: DAVE }).some((e) => (e.text ?? '').includes('Only')),
    );
    expect(repo.github.pulls(RULES_REPO)).toHaveLength(0);

    // Bob approves twice at the same instant: one pull request.
    await Promise.all([
      t.client.click({
        channel: ALERTS_CHANNEL,
        ts: proposalMessage.ts,
        actionId: 'proposal_approve',
        user: BOB,
      }),
      t.client.click({
        channel: ALERTS_CHANNEL,
        ts: proposalMessage.ts,
        actionId: 'proposal_approve',
        user: BOB,
      }),
    ]);
    const [pull] = await repo.github.waitFor(
      () => repo.github.pulls(RULES_REPO).length > 0 && repo.github.pulls(RULES_REPO),
      {
        timeoutMs: 20_000,
      },
    );
    expect(repo.github.pulls(RULES_REPO)).toHaveLength(1);
    expect(pull?.body).toContain('nightly backup check');
    expect(pull?.body).toContain('falco-triage:exception:');

    // The file on the PR branch validates with the base rules and excepts exactly the alert.
    const edited = repo.github.file(RULES_REPO, pull?.head.ref ?? '', 'values.yaml') ?? '';
    const version = parseFalcoVersion('0.44.1');
    if (!version.ok) throw new Error('version');
    const base = { name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') };
    const before = loadRules(
      [base, { name: 'values.yaml', content: readFixture('rules-repo', 'values-modern.yaml') }],
      {
        falcoVersion: version.value,
      },
    );
    const after = loadRules([base, { name: 'values.yaml', content: edited }], {
      falcoVersion: version.value,
    });
    expect(after.errors).toEqual([]);
    const plan = planImpact(before.ruleset, after.ruleset, { falcoVersion: version.value });
    const fields = (alertFixture('029').output_fields ?? {}) as Record<string, never>;
    expect(evaluateAlert(plan, { rule: 'Read sensitive file untrusted', fields }).verdict).toBe('excepted');
    expect(
      evaluateAlert(plan, {
        rule: 'Read sensitive file untrusted',
        fields: { ...fields, 'proc.name': 'grep' },
      }).verdict,
    ).toBe('still-fires');

    // The thread gets the PR link and the alert message shows it.
    await t.slack.waitFor(() =>
      t.slack
        .thread(ALERTS_CHANNEL, message.ts)
        .some((reply) => text(reply.content).includes(`#${pull?.number}`)),
    );
    await t.slack.waitFor(() =>
      text(t.slack.message(ALERTS_CHANNEL, message.ts)?.content.blocks).includes('is open for review'),
    );
  }, 90_000);
});

describe('the same flow on a plain rules file', () => {
  let plainRepo: RulesRepoSetup;
  let bot: TestBot;

  beforeAll(async () => {
    plainRepo = await startRulesRepo({
      rulesFile: 'rules/falco_rules.local.yaml',
      fixture: 'falco_rules.local.yaml',
    });
    bot = await startTestBot({
      env: plainRepo.env,
      slackOptions: { rateLimits: { postMessagePerChannel: false } },
      bot: { delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
    });
  }, 60_000);

  afterAll(async () => {
    await bot.stop();
    await plainRepo.github.close();
  });

  it('opens a pull request whose rules file validates and excepts the alert', async () => {
    const { proposal } = await propose(bot, 'titanagent');

    await bot.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: APPROVER,
    });

    const [pull] = await plainRepo.github.waitFor(
      () => plainRepo.github.pulls(RULES_REPO).length > 0 && plainRepo.github.pulls(RULES_REPO),
      { timeoutMs: 20_000 },
    );
    const before = readFixture('rules-repo', 'falco_rules.local.yaml');
    const edited =
      plainRepo.github.file(RULES_REPO, pull?.head.ref ?? '', 'rules/falco_rules.local.yaml') ?? '';
    expect(edited.startsWith(before.trimEnd())).toBe(true);
    expect(edited).toContain('titanagent');
    const version = parseFalcoVersion('0.44.1');
    if (!version.ok) throw new Error('version');
    const base = { name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') };
    const after = loadRules([base, { name: 'rules/falco_rules.local.yaml', content: edited }], {
      falcoVersion: version.value,
    });
    expect(after.errors).toEqual([]);
  }, 60_000);
});
