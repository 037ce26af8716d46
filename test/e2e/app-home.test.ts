/**
 * App Home end to end: Slack's `app_home_opened` event (a signed Events API envelope) publishes the person's home;
 * a proposal waits in its approvers' homes only (never the proposer's), and Approve there is the same server-side
 * decision as in the thread: it opens the pull request, and the homes update.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestBot } from './helpers/test-bot.js';
import { startBotWithRepo, type BotWithRepo } from './helpers/bot-with-repo.js';
import { ALICE, BOB, propose } from './helpers/propose.js';
import { RULES_REPO, type RulesRepoSetup } from './helpers/rules-repo.js';

const DAVE = 'U0DAVE0001';
let t: TestBot;
let repo: RulesRepoSetup;
let setup: BotWithRepo;

beforeAll(async () => {
  setup = await startBotWithRepo({}, { APPROVALS_REQUIRED: '1' });
  ({ t, repo } = setup);
}, 60_000);

afterAll(async () => {
  await setup.stop();
});

function text(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

/** Opens `user`'s App Home and waits for the version published after it. */
async function openHome(user: string, expect: (home: string) => boolean = () => true): Promise<string> {
  const before = t.slack.home(user)?.history.length ?? 0;
  const delivery = await t.client.event({
    type: 'app_home_opened',
    user,
    channel: `D${user.slice(1)}`,
    tab: 'home',
  });
  if (delivery.status !== 200) throw new Error(`app_home_opened answered ${delivery.status}`);
  const home = await t.slack.waitFor(() => {
    const current = t.slack.home(user);
    return (
      current !== undefined && current.history.length > before && expect(text(current.definition)) && current
    );
  });
  return text(home.definition);
}

describe('App Home', () => {
  it('shows a waiting proposal to its approvers only, and approving there opens the pull request', async () => {
    await propose(t, 'homeagent');

    const bobs = await openHome(BOB);
    expect(bobs).toContain('Waiting for your approval* (1)');
    expect(bobs).toContain('homeagent reads /etc/shadow by design');
    expect(bobs).toContain('proposal_approve');

    const alices = await openHome(ALICE);
    expect(alices).toContain('Waiting for your approval* (0)');
    expect(alices).not.toContain('proposal_approve');
    expect(alices).toContain('*Your proposals*');
    expect(alices).toContain('waiting for approval');

    const daves = await openHome(DAVE);
    expect(daves).toContain('You are not an approver');
    expect(daves).toContain('Noisiest rules, last 24 hours');
    expect(daves).toContain('Read sensitive file untrusted*: ');
    // Dave is in the alert channel (a public one): its unacknowledged groups are his to see.
    expect(daves).toContain('Unacknowledged in your channels, last 24 hours* (');
    expect(daves).toContain('<#C0ALERTS01> *Read sensitive file untrusted* ×1');

    const click = await t.client.homeClick({ user: BOB, actionId: 'proposal_approve' });
    expect(click.status).toBe(200);
    const [pull] = await repo.github.waitFor(
      () => repo.github.pulls(RULES_REPO).length > 0 && repo.github.pulls(RULES_REPO),
      { timeoutMs: 20_000 },
    );
    expect(pull?.body).toContain('homeagent reads /etc/shadow by design');

    // The homes follow on their own: Bob's no longer offers it, Alice's shows the pull request.
    await t.slack.waitFor(() => !text(t.slack.home(BOB)?.definition).includes('proposal_approve'), {
      timeoutMs: 15_000,
      what: "Bob's home without the approved proposal",
    });
    await t.slack.waitFor(
      () => text(t.slack.home(ALICE)?.definition).includes(`PR #${pull?.number ?? '?'}`),
      {
        timeoutMs: 15_000,
        what: "Alice's home with the pull request",
      },
    );
  });

  it('answers a refused Approve in App Home in a modal, not silently', async () => {
    await propose(t, 'twiceagent');
    await openHome(BOB, (home) => home.includes('twiceagent'));

    expect((await t.client.homeClick({ user: BOB, actionId: 'proposal_approve' })).status).toBe(200);
    // A second click on the same home (before it is published again) is decided from stored state: refused.
    expect((await t.client.homeClick({ user: BOB, actionId: 'proposal_approve' })).status).toBe(200);

    const notice = await t.slack.waitFor(
      () => t.slack.openViews(BOB).find((view) => text(view.definition).includes('already')),
      { what: 'the refusal in a modal' },
    );
    expect(text(notice.definition)).toMatch(/already (approved|past approval)/);
  });
});
