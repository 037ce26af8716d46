import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { alertFixture, readFixture } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, type TestBot } from './helpers/test-bot.js';
import { HOW_TO_ERA, startBotWithRepo, type BotWithRepo } from './helpers/bot-with-repo.js';
import { ALICE, BOB } from './helpers/propose.js';
import { RULES_REPO, type RulesRepoSetup } from './helpers/rules-repo.js';

let repo: RulesRepoSetup;
let t: TestBot;
let setup: BotWithRepo;

/** The how-to's era: Falco 0.25 rules, the seed values file, and its titanagent false positive. */
beforeAll(async () => {
  setup = await startBotWithRepo(HOW_TO_ERA);
  ({ repo, t } = setup);
}, 60_000);

afterAll(async () => {
  await setup.stop();
});

function text(value: unknown): string {
  return JSON.stringify(value);
}

async function falco(command: string): Promise<{ text: string; blocks: unknown }> {
  const before = t.slack.ephemerals({ user: ALICE }).length;
  const delivery = await t.client.command(command, { user: ALICE, channel: ALERTS_CHANNEL });
  expect(delivery.status).toBe(200);
  const answers = await t.slack.waitFor(() => {
    const all = t.slack.ephemerals({ user: ALICE });
    return all.length > before && all;
  });
  const last = answers[answers.length - 1];
  return { text: `${last?.text ?? ''}\n${text(last?.blocks)}`, blocks: last?.blocks };
}

describe('/falco explain', () => {
  it("explains the how-to's titanagent line against the 0.25 rules, and proposes from it", async () => {
    const line = readFixture('alerts', 'seed-titanagent.txt').trim();

    const answer = await falco(`explain ${line}`);

    expect(answer.text).toContain('Read sensitive file untrusted');
    expect(answer.text).toContain('hids_binaries');
    expect(answer.text).toContain('proc.name=titanagent');
    expect(answer.text).toContain('explain_propose');
    // The pasted alert is stored but never posted.
    expect(t.slack.messages(ALERTS_CHANNEL).some((m) => text(m.content.blocks).includes('titanagent'))).toBe(
      false,
    );

    const ephemeral = t.slack.ephemerals({ user: ALICE }).at(-1);
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: ephemeral?.ts ?? '',
      actionId: 'explain_propose',
      user: ALICE,
    });
    const view = await t.slack.waitFor(() =>
      t.slack.openViews(ALICE).find((candidate) => text(candidate.definition).includes('fp_strategy')),
    );
    // Falco 0.25 has no exceptions: the modal offers the list (append: true), never override.
    expect(text(view.definition)).toContain('list:hids_binaries');
    expect(text(view.definition)).not.toContain('override');

    // The pasted alert has no thread: the proposal gets a message of its own where approvers look.
    const submitted = await t.client.submitView({
      viewId: view.id,
      user: ALICE,
      values: { fp_justification: 'titanagent is our HIDS agent; it reads /etc/shadow by design' },
    });
    expect(text(submitted.outcome)).toContain(`Proposal sent for approval in <#${ALERTS_CHANNEL}>`);
    const proposal = await t.slack.waitFor(() =>
      t.slack.messages(ALERTS_CHANNEL).find((m) => text(m.content.blocks).includes('proposal_approve')),
    );
    expect(proposal.threadTs).toBeUndefined();
    expect(text(proposal.content.blocks)).toContain(`<@${ALICE}> proposes an exception`);
    expect(text(proposal.content.blocks)).toContain('pasted into `/falco explain`');
    expect(text(proposal.content.blocks)).toContain('titanagent -d');

    // An approver approves there: the approval is stored by the time Slack has its acknowledgement.
    const click = await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    });
    expect(click.status).toBe(200);
    const proposalId = /falco-triage proposal ([0-9a-f-]+)/.exec(text(proposal.content.blocks))?.[1] ?? '';
    expect((await t.bot.store.approvals.list(proposalId)).map((approval) => approval.userId)).toEqual([BOB]);

    const [pull] = await repo.github.waitFor(
      () => repo.github.pulls(RULES_REPO).length > 0 && repo.github.pulls(RULES_REPO),
      { timeoutMs: 20_000 },
    );
    expect(pull?.body).toContain('titanagent is our HIDS agent');
    // The link to the pull request goes in the proposal message's own thread.
    await t.slack.waitFor(() =>
      t.slack
        .thread(ALERTS_CHANNEL, proposal.ts)
        .some((reply) => text(reply.content).includes(pull?.htmlUrl ?? '?')),
    );
  });

  it("explains the output pasted alone, as Slack shows alerts, and says the priority is the rule's", async () => {
    const output = readFixture('alerts', 'seed-titanagent.txt')
      .trim()
      .replace(/^\S+ Warning /, '');

    const answer = await falco(`explain ${output}`);

    expect(answer.text).toContain('Read sensitive file untrusted* (Warning from the rule, source syscall)');
    expect(answer.text).toContain('proc.name=titanagent');
    expect(answer.text).toContain("the text has no time or priority, only the alert's output");
    expect(answer.text).toContain('explain_propose');
    // A message copied from Slack brings the sender and the time along: the alert in it is found.
    const copied = await falco(`explain Falco APP  10:32 AM\n${output}`);
    expect(copied.text).toContain('Read sensitive file untrusted* (Warning from the rule');
    // Without the word explain, a priority word and the output are recognised as an alert too.
    const bare = await falco(`Warning ${output}`);
    expect(bare.text).toContain('Read sensitive file untrusted* (Warning, source syscall)');
  });

  it('answers two alerts run together on one line: both listed, no rule named as the one', async () => {
    const seed = readFixture('alerts', 'seed-titanagent.txt').trim();
    const shell =
      '23:39:44.834631763: Notice A shell was spawned in a container with an attached terminal (user=root ' +
      'k8s.ns=default k8s.pod=alpine container=5892b41bcf46 shell=sh parent=<NA> cmdline=sh -c ls -al ' +
      'terminal=34817 container_id=5892b41bcf46 image=alpine)';

    const answer = await falco(`explain ${seed}${shell}`);

    expect(answer.text).toContain("I can't tell which rule raised this alert.");
    expect(answer.text).toContain(
      '1. *Read sensitive file untrusted* (Warning): `20:46:45.519621929: Warning',
    );
    expect(answer.text).toContain('2. *Terminal shell in container* (Notice): `23:39:44.834631763: Notice');
    expect(answer.text).toContain('Paste one alert at a time');
    expect(answer.text).not.toContain('explain_propose');
    expect(answer.text).not.toContain('Why it fired');

    const same = await falco(`explain ${seed} ${seed.replace('titanagent -d', 'titanagent --scan')}`);
    expect(same.text).toContain(
      ':warning: This line holds 2 alerts of \\"Read sensitive file untrusted\\" run together',
    );
    expect(same.text).toContain('proc.cmdline=titanagent -d');
    expect(same.text).toContain('Why it fired');
  });

  it('explains a JSON alert pasted in code fences', async () => {
    const json = JSON.stringify({ ...alertFixture('029'), rule: 'Read sensitive file untrusted' }, null, 2);

    const answer = await falco(`explain \`\`\`${json}\`\`\``);

    expect(answer.text).toContain('Why it fired');
  });

  it.each([
    ['an empty command', 'explain', 'Paste a Falco alert'],
    ['garbage', 'explain hello there', 'not'],
    [
      'an unknown rule',
      `explain ${JSON.stringify({ ...alertFixture('029'), rule: 'No such rule' })}`,
      'No such rule',
    ],
  ])('answers %s helpfully, without an error trace', async (_title, command, expected) => {
    const answer = await falco(command);

    expect(answer.text).toContain(expected);
    expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('Explain button', () => {
  it('replies in the alert thread with the explanation', async () => {
    const alert = {
      hostname: 'node-7',
      output: readFixture('alerts', 'seed-titanagent.txt').trim(),
      priority: 'Warning',
      rule: 'Read sensitive file untrusted',
      time: new Date().toISOString(),
      output_fields: { 'proc.name': 'titanagent', 'fd.name': '/etc/shadow', 'proc.cmdline': 'titanagent -d' },
    };
    await t.post('/falco/alerts', alert);
    const message = await t.slack.waitFor(() =>
      t.slack
        .messages(ALERTS_CHANNEL)
        .find(
          (m) =>
            text(m.content.blocks).includes('titanagent') && text(m.content.blocks).includes('alert_explain'),
        ),
    );

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_explain', user: ALICE });

    const reply = await t.slack.waitFor(() =>
      t.slack.thread(ALERTS_CHANNEL, message.ts).find((m) => text(m.content.blocks).includes('Why it fired')),
    );
    expect(text(reply.content.blocks)).toContain('hids_binaries');
  });
});
