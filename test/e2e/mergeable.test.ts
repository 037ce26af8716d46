/**
 * Pull requests that stay mergeable (issue 18): the real bot, with signed webhooks from the fake GitHub (which merges
 * like git and refuses a conflicting merge, as GitHub's merge button does). Four exceptions for the same rules file
 * are approved one after another from Slack; a person pushes to the fourth's branch; the other three are merged in
 * another order than they were opened. After each merge the bot re-applies the others on the new base itself, so
 * every merge is clean and of a branch built and verified on exactly the base it is merged into; the fourth is left
 * alone with a note, until an approver's Retry takes it back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadRules } from '../../src/falco/rules/index.js';
import { parseFalcoVersion } from '../../src/falco/version.js';
import type { PullSnapshot } from '../../src/stand-ins/github/index.js';
import { readFixture } from '../helpers/fixtures.js';
import { eventually } from './helpers/alerts.js';
import { ALICE, BOB, CAROL, propose } from './helpers/propose.js';
import { RULES_REPO, startRulesRepo, type RulesRepoSetup } from './helpers/rules-repo.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const SECRET = 'e2e-mergeable-secret';
const RULES_FILE = 'values.yaml';

let repo: RulesRepoSetup;
let t: TestBot;

beforeAll(async () => {
  repo = await startRulesRepo();
  t = await startTestBot({
    // The reconciler stays in the background: webhooks drive this scenario.
    env: { ...repo.env, GITHUB_WEBHOOK_SECRET: SECRET, RECONCILE_INTERVAL_SECONDS: '3600' },
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
  });
  repo.github.deliverWebhooksTo({ url: `${t.bot.url}/github/webhook`, secret: SECRET });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await repo.github.close();
});

interface Opened {
  readonly proc: string;
  /** The alert message: its thread holds the proposal and the notes. */
  readonly ts: string;
  readonly proposalTs: string;
  readonly pull: PullSnapshot;
}

const github = () => repo.github;
const text = (value: unknown) => JSON.stringify(value);
const threadText = (ts: string) => text(t.slack.thread(ALERTS_CHANNEL, ts).map((reply) => reply.content));
const main = () => github().branches(RULES_REPO)['main'] ?? '';
const headOf = (pull: PullSnapshot) => github().branches(RULES_REPO)[pull.head.ref] ?? '';
const parentOf = (sha: string) => github().commits(RULES_REPO, sha)[0]?.parents[0];

async function approved(proc: string): Promise<Opened> {
  const { alert, proposal } = await propose(t, proc);
  const known = new Set(
    github()
      .pulls(RULES_REPO)
      .map((pull) => pull.number),
  );
  await t.client.click({ channel: ALERTS_CHANNEL, ts: proposal.ts, actionId: 'proposal_approve', user: BOB });
  const pull = await github().waitFor(
    () =>
      github()
        .pulls(RULES_REPO)
        .find((p) => !known.has(p.number) && (p.body ?? '').includes(proc)),
    { timeoutMs: 30_000 },
  );
  await t.slack.waitFor(() => threadText(alert.ts).includes('is open for review'), { timeoutMs: 10_000 });
  return { proc, ts: alert.ts, proposalTs: proposal.ts, pull };
}

/** Waits until the bot has rebuilt `pull` on the current main (its head's only parent), and it merges cleanly. */
async function onMain(pull: PullSnapshot): Promise<void> {
  await github().waitFor(() => parentOf(headOf(pull)) === main(), { timeoutMs: 30_000 });
  // Recorded once the evidence in the body was rewritten too.
  await eventually(
    async () => (await t.bot.store.proposals.findByPullRequest(pull.number))?.prBaseSha === main(),
    `pull request #${pull.number} to be recorded on ${main().slice(0, 7)}`,
  );
  expect(github().mergeable(RULES_REPO, pull.number)).toEqual({ clean: true, behind: false });
}

/** Merges like the merge button; returns the base it was merged on and the base the bot verified it on. */
function merge(pull: PullSnapshot): { mergedOn: string; builtOn: string | undefined } {
  const mergedOn = main();
  const builtOn = parentOf(headOf(pull));
  const mergeSha = github().mergePull(RULES_REPO, pull.number, { mergedBy: 'alice' });
  expect(github().commits(RULES_REPO, mergeSha)[0]?.parents[0]).toBe(mergedOn);
  return { mergedOn, builtOn };
}

describe('exception pull requests stay mergeable', () => {
  it('merged in another order than opened, all three merge cleanly, each built and verified on its merge base; a pull request a person pushed to is left alone with a note', async () => {
    const a = await approved('titanagent');
    const b = await approved('ossec-agent');
    const c = await approved('wazuh-agentd');
    const d = await approved('tripwire');
    const opened = main();
    for (const each of [a, b, c, d]) expect(parentOf(headOf(each.pull))).toBe(opened);

    // Carol pushes a commit of her own to d's branch: the bot says it leaves it to people.
    const dFile = github().file(RULES_REPO, d.pull.head.ref, RULES_FILE) ?? '';
    const pushed = github().setFile(
      RULES_REPO,
      d.pull.head.ref,
      RULES_FILE,
      `${dFile}# reviewed by carol\n`,
      {
        author: 'carol',
      },
    );
    await t.slack.waitFor(() => threadText(d.ts).includes('falco-triage stopped keeping pull request'), {
      timeoutMs: 15_000,
    });
    expect(threadText(d.ts)).toContain("never overwrites a person's commits");

    // b first: a, c and d were all opened on the old base and now conflict with it.
    const first = merge(b.pull);
    expect(first.builtOn).toBe(first.mergedOn);
    await onMain(a.pull);
    await onMain(c.pull);
    for (const each of [a, c])
      await t.slack.waitFor(
        () => threadText(each.ts).includes('moved: falco-triage wrote the approved exception'),
        {
          timeoutMs: 10_000,
        },
      );

    const second = merge(c.pull);
    expect(second.builtOn).toBe(second.mergedOn);
    await onMain(a.pull);
    const third = merge(a.pull);
    expect(third.builtOn).toBe(third.mergedOn);

    for (const each of [a, b, c]) {
      const pull = github().pull(RULES_REPO, each.pull.number);
      expect(pull).toMatchObject({ state: 'closed', merged: true });
      // The evidence reviewers read was written for the commit they merged.
      if (each !== b) expect(pull.body).toContain('The base branch moved after this pull request was opened');
    }
    const final = github().file(RULES_REPO, 'main', RULES_FILE) ?? '';
    for (const proc of ['titanagent', 'ossec-agent', 'wazuh-agentd']) expect(final).toContain(proc);
    expect(final).not.toContain('tripwire');
    const version = parseFalcoVersion('0.44.1');
    if (!version.ok) throw new Error('version');
    const load = (content: string) =>
      loadRules(
        [
          { name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') },
          { name: RULES_FILE, content },
        ],
        { falcoVersion: version.value },
      );
    const loaded = load(final);
    const seed = load(readFixture('rules-repo', 'values-modern.yaml'));
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings.map((w) => w.code)).toEqual(seed.warnings.map((w) => w.code));
    for (const each of [a, b, c])
      await t.slack.waitFor(() => threadText(each.ts).includes('was merged by @alice'), {
        timeoutMs: 10_000,
      });

    // d was left exactly as Carol left it, on the base it was opened on.
    expect(headOf(d.pull)).toBe(pushed);
    expect(github().mergeable(RULES_REPO, d.pull.number)).toMatchObject({ behind: true });
    const proposalMessage = () => text(t.slack.message(ALERTS_CHANNEL, d.proposalTs)?.content.blocks);
    await t.slack.waitFor(() => proposalMessage().includes('Retry update'));
    expect(threadText(d.ts)).not.toContain('moved: falco-triage wrote the approved exception');
  }, 240_000);

  it('Retry on the held pull request: refused to a non-approver, and an approver has the bot take it back', async () => {
    const d = github()
      .pulls(RULES_REPO)
      .find((pull) => pull.state === 'open' && (pull.body ?? '').includes('tripwire'));
    if (d === undefined) throw new Error('the held pull request is not open');
    const alert = t.slack
      .messages(ALERTS_CHANNEL)
      .find((m) => m.threadTs === undefined && text(m.content.blocks).includes('tripwire'));
    const proposal = t.slack
      .thread(ALERTS_CHANNEL, alert?.ts ?? '')
      .find((reply) => text(reply.content.blocks).includes('proposal_retry'));
    if (alert === undefined || proposal === undefined) throw new Error('no Retry button in the thread');

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_retry',
      user: ALICE,
    });
    await t.slack.waitFor(() =>
      t.slack.ephemerals({ user: ALICE }).some((e) => (e.text ?? '').includes('Only approvers can retry')),
    );
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_retry',
      user: CAROL,
    });
    await t.slack.waitFor(() => threadText(alert.ts).includes('asked falco-triage to bring pull request'), {
      timeoutMs: 10_000,
    });
    await onMain(d);
    const file = github().file(RULES_REPO, d.head.ref, RULES_FILE) ?? '';
    expect(file).not.toContain('# reviewed by carol');
    for (const proc of ['titanagent', 'ossec-agent', 'wazuh-agentd', 'tripwire'])
      expect(file).toContain(proc);
    await eventually(
      () =>
        Promise.resolve(
          github()
            .deliveries()
            .every((delivery) => delivery.status !== undefined),
        ),
      'the webhook deliveries to be answered',
    );
    expect(
      github()
        .deliveries()
        .every((delivery) => delivery.status === 200),
    ).toBe(true);
  }, 120_000);

  it('with webhooks switched off, the reconciler notices the base moved and the pull request is brought up to date', async () => {
    github().deliverWebhooksTo(undefined);
    const e = await approved('auditbeat');
    const f = await approved('osquery');
    const reconciler = t.bot.reconciler;
    if (reconciler === undefined) throw new Error('no reconciler');
    merge(e.pull);
    expect(github().mergeable(RULES_REPO, f.pull.number)).toMatchObject({ clean: false });
    await reconciler.runOnce();
    await onMain(f.pull);
    expect(merge(f.pull).builtOn).toBe(github().commits(RULES_REPO, 'main')[0]?.parents[0]);
  }, 120_000);
});
