/**
 * The "Explain this Falco alert" message shortcut, driven as Slack does: a signed `message_action` payload naming a
 * message the fake Slack holds. The answer must reach only the person who asked, in the message's thread.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFixture } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, type TestBot } from './helpers/test-bot.js';
import { HOW_TO_ERA, startBotWithRepo, type BotWithRepo } from './helpers/bot-with-repo.js';
import { ALICE, BOB } from './helpers/propose.js';

let t: TestBot;
let setup: BotWithRepo;

beforeAll(async () => {
  setup = await startBotWithRepo(HOW_TO_ERA);
  ({ t } = setup);
}, 60_000);

afterAll(async () => {
  await setup.stop();
});

const SHORTCUT = 'explain_falco_alert';
const RULE = 'Read sensitive file untrusted';
const TITANAGENT_OUTPUT =
  'Sensitive file opened for reading by non-trusted program (user=<NA> program=titanagent command=titanagent -d file=/etc/shadow parent=<NA> gparent=<NA> ggparent=<NA> gggparent=<NA> container_id=host image=<NA>)';

function text(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

/** Slack stores what a person types with &, < and > escaped. */
function asSlackStoresIt(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function shortcut(channel: string, ts: string, user = ALICE) {
  const before = t.slack.ephemerals().length;
  const delivery = await t.client.messageShortcut({ channel, ts, callbackId: SHORTCUT, user });
  expect(delivery.status).toBe(200);
  return t.slack.waitFor(() => t.slack.ephemerals().slice(before)[0], { what: 'the answer' });
}

describe('the Explain this Falco alert shortcut', () => {
  it('explains a pasted text line in its thread, to the person who asked only, with Propose exception', async () => {
    const line = readFixture('alerts', 'seed-titanagent.txt').trim();
    const pasted = t.slack.seedMessage(ALERTS_CHANNEL, { user: BOB, text: asSlackStoresIt(line) });

    const answer = await shortcut(ALERTS_CHANNEL, pasted.ts);

    expect(answer.user).toBe(ALICE);
    expect(answer.via).toBe('chat.postEphemeral');
    expect(answer.threadTs).toBe(pasted.ts);
    expect(text(answer.blocks)).toContain(RULE);
    expect(text(answer.blocks)).toContain('proc.name=titanagent');
    expect(text(answer.blocks)).toContain('explain_propose');
    // Nothing visible to others: no thread reply, no new channel message.
    expect(t.slack.thread(ALERTS_CHANNEL, pasted.ts)).toEqual([]);

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: answer.ts,
      actionId: 'explain_propose',
      user: ALICE,
    });
    const view = await t.slack.waitFor(() =>
      t.slack.openViews(ALICE).find((candidate) => text(candidate.definition).includes('fp_strategy')),
    );
    expect(text(view.definition)).toContain('list:hids_binaries');
  });

  it('explains a forwarded Falcosidekick message from its attachment fields', async () => {
    const output = TITANAGENT_OUTPUT;
    const field = (title: string, value: string) => ({ title, value: asSlackStoresIt(value), short: true });
    const sidekick = t.slack.seedMessage(ALERTS_CHANNEL, {
      user: BOB,
      text: '',
      attachments: [
        {
          fallback: asSlackStoresIt(output),
          color: '#ffff00',
          text: asSlackStoresIt(output),
          fields: [
            field('proc.name', 'titanagent'),
            field('proc.cmdline', 'titanagent -d'),
            field('fd.name', '/etc/shadow'),
            field('user.name', '<NA>'),
            field('container.id', 'host'),
            field('rule', RULE),
            field('priority', 'Warning'),
            field('time', '2026-08-13 10:00:00.123456789 +0000 UTC'),
          ],
          footer: 'https://github.com/falcosecurity/falcosidekick',
        },
      ],
    });

    const answer = await shortcut(ALERTS_CHANNEL, sidekick.ts);

    expect(answer.threadTs).toBe(sidekick.ts);
    expect(text(answer.blocks)).toContain(RULE);
    expect(text(answer.blocks)).toContain('hids_binaries');
    expect(text(answer.blocks)).toContain('explain_propose');
  });

  it("explains the bot's own alert message from the stored alert", async () => {
    const response = await t.post('/falco/alerts', {
      output: `10:00:00.000000000: Warning ${TITANAGENT_OUTPUT}`,
      priority: 'Warning',
      rule: RULE,
      time: '2026-08-13T10:00:00.000000000Z',
      output_fields: {
        'proc.name': 'titanagent',
        'proc.cmdline': 'titanagent -d',
        'fd.name': '/etc/shadow',
        'user.name': null,
        'container.id': 'host',
      },
    });
    expect(response.status).toBe(202);
    const message = await t.slack.waitFor(() =>
      t.slack.messages(ALERTS_CHANNEL).find((m) => text(m.content.blocks).includes('alert_actions:')),
    );

    const answer = await shortcut(ALERTS_CHANNEL, message.ts, BOB);

    expect(answer.user).toBe(BOB);
    expect(answer.threadTs).toBe(message.ts);
    expect(text(answer.blocks)).toContain('hids_binaries');
    expect(text(answer.blocks)).toContain('explain_propose');

    // A look-alike message elsewhere that names the group is not the group's message: nothing of it is shown.
    const groupBlock = (message.content.blocks ?? []).find((block) => text(block).includes('alert_actions:'));
    const lookAlike = t.slack.seedMessage('C0ALERTS02', {
      user: BOB,
      text: 'copy',
      blocks: [groupBlock],
    });
    const refused = await shortcut('C0ALERTS02', lookAlike.ts);
    expect(refused.text).toContain('cannot find the alert of that message');
    expect(text(refused.blocks)).not.toContain('hids_binaries');
  });

  it('says what to do with a message that holds no alert', async () => {
    const chatter = t.slack.seedMessage(ALERTS_CHANNEL, { user: BOB, text: 'lunch at noon?' });

    const answer = await shortcut(ALERTS_CHANNEL, chatter.ts);

    expect(answer.text).toContain('not a Falco alert');
  });

  it('answers through the response_url where the bot cannot post (a private channel it is not in)', async () => {
    const line = readFixture('alerts', 'seed-titanagent.txt').trim();
    const pasted = t.slack.seedMessage('G0PRIVATE1', { user: BOB, text: asSlackStoresIt(line) });

    const answer = await shortcut('G0PRIVATE1', pasted.ts);

    expect(answer.via).toBe('response_url');
    expect(answer.user).toBe(ALICE);
    expect(text(answer.blocks)).toContain(RULE);
  });
});
