/**
 * The buttons of an alert message, clicked through signed `block_actions` payloads exactly as Slack sends them to
 * `/slack/events`: Acknowledge (message updated with who, a second click told it is done), Explain and Mark false
 * positive (each answers the person who clicked), and forged, tampered or replayed requests refused with nothing
 * changed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredMessage } from '../../src/stand-ins/slack/index.js';
import { eventually, groupAlert } from './helpers/alerts.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20, updateDelayMs: 200 } },
  });
});

afterAll(async () => {
  await t.stop();
});

/** Posts an alert of its own group and returns its Slack message once the bot has posted it. */
/** Posts an alert of its own group; resolves with its Slack message once the bot has recorded it too. */
async function postedAlert(name: string): Promise<StoredMessage> {
  expect((await t.post('/falco/alerts', groupAlert(name))).status).toBe(202);
  const message = await t.slack.waitFor(
    () =>
      t.slack
        .messages(ALERTS_CHANNEL)
        .find((message) => JSON.stringify(message.content.blocks).includes(`/data/${name}`)),
    { what: `the message for ${name}` },
  );
  // The fake shows the message as it answers; the bot saves the message's ts a moment later.
  await eventually(async () => (await groupState(message.ts)) !== undefined, `the bot to record ${name}`);
  return message;
}

function blocksOf(ts: string): string {
  return JSON.stringify(t.slack.message(ALERTS_CHANNEL, ts)?.content.blocks);
}

async function groupState(
  ts: string,
): Promise<{ state: string; acknowledged_by: string | null } | undefined> {
  const { rows } = await t.bot.store.db.query<{ state: string; acknowledged_by: string | null }>(
    'SELECT state, acknowledged_by FROM alert_groups WHERE channel = $1 AND slack_ts = $2',
    [ALERTS_CHANNEL, ts],
  );
  return rows[0];
}

describe('Acknowledge', () => {
  it('updates the message with who acknowledged it, and audits the decision', async () => {
    const message = await postedAlert('ack-once');

    const click = await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_ack',
      user: ALICE,
    });

    expect(click.status).toBe(200);
    await t.slack.waitFor(() => blocksOf(message.ts).includes(`Acknowledged by <@${ALICE}>`), {
      what: 'the message to show who acknowledged it',
    });
    // The button is gone: the message says it all.
    expect(blocksOf(message.ts)).not.toContain('"alert_ack"');
    expect(await groupState(message.ts)).toEqual({ state: 'acknowledged', acknowledged_by: ALICE });
    const { rows } = await t.bot.store.db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE action = 'alert.acknowledge'`,
    );
    expect(rows).toEqual([{ actor: ALICE, action: 'alert.acknowledge' }]);
  });

  it('tells the second person who already acknowledged it', async () => {
    const message = await postedAlert('ack-twice');

    // Both click the same (not yet updated) message.
    const clicks = await Promise.all(
      [ALICE, BOB].map((user) =>
        t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_ack', user }),
      ),
    );

    expect(clicks.map((click) => click.status)).toEqual([200, 200]);
    const group = await t.slack.waitFor(
      () => {
        const ephemeral = t.slack
          .ephemerals({ channel: ALERTS_CHANNEL })
          .find((m) => /Already acknowledged/.test(m.text));
        return ephemeral;
      },
      { what: 'an ephemeral "already acknowledged"' },
    );
    const winner = group.user === ALICE ? BOB : ALICE;
    expect(group.text).toBe(`Already acknowledged by <@${winner}>.`);
    await t.slack.waitFor(() => blocksOf(message.ts).includes(`Acknowledged by <@${winner}>`));
    expect(await groupState(message.ts)).toEqual({ state: 'acknowledged', acknowledged_by: winner });
    // Shown only to the person who clicked second, never in the channel.
    expect(t.slack.messages(ALERTS_CHANNEL).some((m) => m.content.text.includes('Already'))).toBe(false);
  });

  it('says so when the button names no alert falco-triage knows', async () => {
    const seeded = t.slack.seedMessage(ALERTS_CHANNEL, {
      user: 'U0DAVE0001',
      text: 'an old alert',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'alert_ack',
              text: { type: 'plain_text', text: 'Acknowledge' },
              value: '01900000-0000-7000-8000-000000000000',
            },
          ],
        },
      ],
    });

    await t.client.click({ channel: ALERTS_CHANNEL, ts: seeded.ts, actionId: 'alert_ack', user: BOB });

    const reply = await t.slack.waitFor(() =>
      t.slack.ephemerals({ user: BOB }).find((m) => m.text.includes('no longer in falco-triage')),
    );
    expect(reply.channel).toBe(ALERTS_CHANNEL);
  });
});

describe('requests that are not from Slack', () => {
  it.each([
    ['signed with another secret', { signature: 'bad' as const }],
    ['changed after signing', { signature: 'tampered' as const }],
    ['without a signature', { signature: 'missing' as const }],
    ['replayed after ten minutes', { stale: true }],
  ])('refuses a click %s with 401 and changes nothing', async (_title, delivery) => {
    const message = await postedAlert(`forged-${String(Object.values(delivery)[0])}`);
    const before = t.slack.calls().length;

    const click = await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_ack',
      user: ALICE,
      ...delivery,
    });

    expect(click.status).toBe(401);
    // Give a wrongly accepted click time to show.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await groupState(message.ts)).toEqual({ state: 'open', acknowledged_by: null });
    expect(blocksOf(message.ts)).toContain('"alert_ack"');
    expect(
      t.slack
        .calls()
        .slice(before)
        .map((call) => call.method),
    ).toEqual([]);
  });
});

describe('Explain and Mark false positive', () => {
  it('answer the person who clicked Explain, in the thread or privately', async () => {
    const message = await postedAlert('explain-me');

    const click = await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_explain',
      user: ALICE,
    });

    expect(click.status).toBe(200);
    const answer = await t.slack.waitFor(
      () =>
        t.slack.thread(ALERTS_CHANNEL, message.ts)[0]?.content.text ??
        t.slack.ephemerals({ user: ALICE }).find((m) => m.ts > message.ts)?.text,
      { what: 'an answer to Explain' },
    );
    expect(answer.length).toBeGreaterThan(10);
  });

  it('answer Mark false positive honestly: a form, or why it is not available', async () => {
    const message = await postedAlert('mark-fp');

    const click = await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_fp',
      user: BOB,
    });

    expect(click.status).toBe(200);
    const answer = await t.slack.waitFor(
      () =>
        t.slack.openViews(BOB)[0]?.definition.type ??
        t.slack.ephemerals({ user: BOB }).find((m) => m.ts > message.ts)?.text,
      { what: 'a modal or an ephemeral answer' },
    );
    // This bot runs without GitHub: the answer must say that rather than pretend.
    if (answer !== 'modal') expect(answer).toMatch(/GitHub/);
    expect(blocksOf(message.ts)).toContain('"alert_fp"');
  });
});
