/**
 * After the pull request: the real bot (Slack proposal flow, PR job, outbox, badges) with the rollout pieces wired
 * around its store, the fake GitHub delivering signed webhooks (or not), and the fake Slack showing the thread and the
 * alert message. Each scenario starts from a real proposal: alert → Mark false positive → submit → approve → PR.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { removalBranch } from '../../src/triage/rollout/pull-request-naming.js';
import { alertFixture } from '../helpers/fixtures.js';
import { sendWebhook, pullRequestEvent, type PullSnapshot } from '../../src/stand-ins/github/index.js';
import { eventually } from './helpers/alerts.js';
import { RULES_REPO, startRulesRepo, type RulesRepoSetup } from './helpers/rules-repo.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const SECRET = 'e2e-webhook-secret';
const DAY = 86_400_000;
const WORKFLOW = 'Falco rules';

let repo: RulesRepoSetup;
let t: TestBot;
let webhookUrl = '';
let pausable: { start(): void; stop(): Promise<void> };
/** The bot's clock runs ahead by this much (the expiry scenario moves it past an exception's expiry). */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  repo = await startRulesRepo();
  t = await startTestBot({
    env: { ...repo.env, GITHUB_WEBHOOK_SECRET: SECRET, RECONCILE_INTERVAL_SECONDS: '1' },
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { clock, delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
  });
  webhookUrl = `${t.bot.url}/github/webhook`;
  const reconciler = t.bot.reconciler;
  if (reconciler === undefined) throw new Error('the bot has no reconciler (GitHub not configured?)');
  pausable = reconciler;
}, 60_000);

afterAll(async () => {
  await t.stop();
  await repo.github.close();
});

const text = (value: unknown) => JSON.stringify(value);
const threadText = (ts: string) => text(t.slack.thread(ALERTS_CHANNEL, ts).map((reply) => reply.content));
const messageText = (ts: string) => text(t.slack.message(ALERTS_CHANNEL, ts)?.content.blocks);

/** Alert (process `proc`) → modal → submit → approval → the pull request the bot opened. */
async function proposeAndApprove(
  proc: string,
  expiresOn?: string,
): Promise<{ ts: string; pull: PullSnapshot }> {
  const base = alertFixture('029') as { output_fields: Record<string, unknown> };
  const alert = {
    ...base,
    time: new Date().toISOString(),
    output_fields: { ...base.output_fields, 'proc.name': proc },
  };
  expect((await t.post('/falco/alerts', [alert])).status).toBe(202);
  const message = await t.slack.waitFor(() =>
    t.slack
      .messages(ALERTS_CHANNEL)
      .find((m) => m.threadTs === undefined && text(m.content.blocks).includes(proc)),
  );
  await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
  const view = await t.slack.waitFor(() =>
    t.slack
      .openViews(ALICE)
      .find((v) => text(v.definition).includes('fp_justification') && text(v.definition).includes(proc)),
  );
  const submitted = await t.client.submitView({
    viewId: view.id,
    user: ALICE,
    values: {
      fp_fields: ['proc.name', 'fd.name'],
      fp_justification: `${proc} reads /etc/shadow by design (our HIDS)`,
      ...(expiresOn === undefined ? {} : { fp_expiry: expiresOn }),
    },
  });
  expect(submitted.outcome).toMatchObject({ kind: 'closed' });
  const proposal = await t.slack.waitFor(() =>
    t.slack
      .thread(ALERTS_CHANNEL, message.ts)
      .find((r) => text(r.content.blocks).includes('proposal_approve')),
  );
  const known = new Set(repo.github.pulls(RULES_REPO).map((p) => p.number));
  await t.client.click({ channel: ALERTS_CHANNEL, ts: proposal.ts, actionId: 'proposal_approve', user: BOB });
  const pull = await repo.github.waitFor(
    () => repo.github.pulls(RULES_REPO).find((p) => !known.has(p.number) && p.head.ref.includes('exception')),
    { timeoutMs: 30_000 },
  );
  await t.slack.waitFor(() => messageText(message.ts).includes('is open for review'), { timeoutMs: 10_000 });
  return { ts: message.ts, pull };
}

describe('merge and deploy status from GitHub', () => {
  it('a merged pull request and a successful deploy run update the thread and the alert message', async () => {
    repo.github.deliverWebhooksTo({ url: webhookUrl, secret: SECRET });
    const { ts, pull } = await proposeAndApprove('titanagent');
    const mergeSha = repo.github.mergePull(RULES_REPO, pull.number, { mergedBy: 'alice' });
    await t.slack.waitFor(() => threadText(ts).includes('was merged by @alice; waiting for the deploy'));
    await t.slack.waitFor(() => messageText(ts).includes('merged, waiting for the deploy'));

    const run = repo.github.createWorkflowRun(RULES_REPO, {
      name: WORKFLOW,
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'success',
    });
    await t.slack.waitFor(() =>
      threadText(ts).includes(`Exception deployed by run <${run.htmlUrl}|#${run.runNumber}>`),
    );
    await t.slack.waitFor(() =>
      messageText(ts).includes(`deployed by run <${run.htmlUrl}|#${run.runNumber}>`),
    );
    // The run's webhooks may still be in flight (Slack can show the deploy through the reconciler first).
    await eventually(
      () =>
        Promise.resolve(
          repo.github.deliveries().every((d) => d.status !== undefined || d.error !== undefined),
        ),
      'the webhook deliveries to be answered',
    );
    expect(repo.github.deliveries().every((d) => d.status === 200)).toBe(true);
  }, 120_000);

  it('a failed deploy is reported as failed', async () => {
    const { ts, pull } = await proposeAndApprove('ossec-agent');
    const mergeSha = repo.github.mergePull(RULES_REPO, pull.number, { mergedBy: 'alice' });
    await t.slack.waitFor(() => threadText(ts).includes('was merged by @alice'));
    const run = repo.github.createWorkflowRun(RULES_REPO, {
      name: WORKFLOW,
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'failure',
    });
    await t.slack.waitFor(() =>
      threadText(ts).includes(`The deploy run <${run.htmlUrl}|#${run.runNumber}> failed`),
    );
    await t.slack.waitFor(() => messageText(ts).includes('but the deploy failed'));
  }, 120_000);

  it('a forged webhook is refused and changes nothing', async () => {
    const { ts, pull } = await proposeAndApprove('wazuh-agentd');
    repo.github.deliverWebhooksTo(undefined);
    // The reconciler paused (its last queued pass drained), so only the webhook could move the proposal.
    await pausable.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    repo.github.mergePull(RULES_REPO, pull.number);
    const merged = pullRequestEvent(repo.github, { repo: RULES_REPO, number: pull.number, action: 'closed' });
    const forged = await sendWebhook(webhookUrl, merged, { secret: SECRET, signature: 'forged' });
    expect(forged.status).toBe(401);
    const unsigned = await sendWebhook(webhookUrl, merged, { secret: SECRET, signature: 'omitted' });
    expect(unsigned.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.bot.store.proposals.findByPullRequest(pull.number)).toMatchObject({ status: 'pr_open' });
    expect(threadText(ts)).not.toContain('was merged by');
    // Back on, the reconciler finds the merge the webhook could not tell.
    pausable.start();
    await t.slack.waitFor(() => threadText(ts).includes('was merged by'), { timeoutMs: 10_000 });
  }, 120_000);

  it('with webhooks switched off, the reconciler alone reaches the same final state', async () => {
    repo.github.deliverWebhooksTo(undefined);
    const { ts, pull } = await proposeAndApprove('auditbeat');
    const mergeSha = repo.github.mergePull(RULES_REPO, pull.number, { mergedBy: 'carol' });
    const run = repo.github.createWorkflowRun(RULES_REPO, {
      name: WORKFLOW,
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'success',
    });
    await t.slack.waitFor(
      () => threadText(ts).includes(`Exception deployed by run <${run.htmlUrl}|#${run.runNumber}>`),
      {
        timeoutMs: 15_000,
      },
    );
    expect(threadText(ts)).toContain('was merged by @carol; waiting for the deploy');
    expect(await t.bot.store.proposals.findByPullRequest(pull.number)).toMatchObject({
      status: 'deployed',
      deployRunNumber: run.runNumber,
      statusReason: `deployed by run #${run.runNumber}`,
    });
    await t.slack.waitFor(() =>
      messageText(ts).includes(`deployed by run <${run.htmlUrl}|#${run.runNumber}>`),
    );
  }, 120_000);

  it('an expired exception gets its removal pull request, which removes exactly that exception', async () => {
    repo.github.deliverWebhooksTo({ url: webhookUrl, secret: SECRET });
    const tomorrow = new Date(clock.now().getTime() + DAY).toISOString().slice(0, 10);
    const { ts, pull } = await proposeAndApprove('tripwire', tomorrow);
    const before = repo.github.file(RULES_REPO, 'main', 'values.yaml') ?? '';
    const mergeSha = repo.github.mergePull(RULES_REPO, pull.number, { mergedBy: 'alice' });
    repo.github.createWorkflowRun(RULES_REPO, {
      name: WORKFLOW,
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'success',
    });
    await t.slack.waitFor(() => threadText(ts).includes('Exception deployed by run'));
    const withException = repo.github.file(RULES_REPO, 'main', 'values.yaml') ?? '';
    expect(withException).toContain('tripwire');

    offsetMs = 3 * DAY;
    const removal = await repo.github.waitFor(
      () => repo.github.pulls(RULES_REPO).find((p) => p.head.ref.startsWith('falco-triage/remove-')),
      { timeoutMs: 20_000 },
    );
    const proposalId = removal.head.ref.replace('falco-triage/remove-', '');
    expect(removal.head.ref).toBe(removalBranch(proposalId));
    // Exactly that exception removed: the file is the one from before its merge, the earlier exceptions stay.
    const removed = repo.github.file(RULES_REPO, removal.head.ref, 'values.yaml');
    expect(removed).toBe(before);
    expect(removed).toContain('titanagent');
    expect(removal.body).toContain(`falco-triage:removal:${proposalId}`);
    expect(removal.body).toContain(pull.htmlUrl);
    await t.slack.waitFor(() =>
      threadText(ts).includes(`pull request <${removal.htmlUrl}|#${removal.number}> removes it`),
    );

    repo.github.mergePull(RULES_REPO, removal.number, { mergedBy: 'bob' });
    await t.slack.waitFor(() => threadText(ts).includes('Removal pull request'));
    expect(threadText(ts)).toContain('the expired exception is out of the rules');
  }, 120_000);
});
