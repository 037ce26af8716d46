/**
 * Triage states and reactions, end to end: the real bot over HTTP, the fake Slack at its edge, signed Events API
 * envelopes for people's reactions and signed `block_actions` / `view_submission` payloads for the buttons, the
 * assignee picker and the resolve form. Checked as people would see it (the message, the bot's own reactions, the
 * thread, ephemeral answers, `/falco status`) and as it is recorded (the store, the audit log).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredMessage } from '../fakes/slack/index.js';
import { eventually, groupAlert } from './helpers/alerts.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const DAVE = 'U0DAVE0001';
const GUEST = 'U0GUEST001';
const ONCALL = 'S0ONCALL1';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    env: {
      // Alice and Bob triage; Dave is in the channel but may not. Warning alerts (fixture 029) escalate to on-call.
      RESPONDERS: `${ALICE},${BOB}`,
      ESCALATION_GROUPS: `Warning:${ONCALL}`,
      SLACK_REACTIONS:
        'eyes=acknowledge,white_check_mark=resolve_benign,rotating_light=escalate,raising_hand=assign_self',
    },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20, updateDelayMs: 200 } },
  });
}, 60_000);

afterAll(async () => {
  await t.stop();
});

/** Posts an alert of its own group; resolves with its Slack message once the bot has recorded it too. */
async function postedAlert(name: string): Promise<StoredMessage> {
  expect((await t.post('/falco/alerts', groupAlert(name))).status).toBe(202);
  const message = await t.slack.waitFor(
    () =>
      t.slack
        .messages(ALERTS_CHANNEL)
        .find((candidate) => JSON.stringify(candidate.content.blocks).includes(`/data/${name}`)),
    { what: `the message for ${name}` },
  );
  await eventually(async () => (await group(message.ts)) !== undefined, `the bot to record ${name}`);
  return message;
}

interface GroupRow {
  readonly id: string;
  readonly state: string;
  readonly acknowledged_by: string | null;
  readonly assignee: string | null;
  readonly resolution: string | null;
  readonly resolution_note: string | null;
  readonly escalated_to: string | null;
}

async function group(ts: string): Promise<GroupRow | undefined> {
  const { rows } = await t.bot.store.db.query<GroupRow>(
    `SELECT id, state, acknowledged_by, assignee, resolution, resolution_note, escalated_to
     FROM alert_groups WHERE channel = $1 AND slack_ts = $2`,
    [ALERTS_CHANNEL, ts],
  );
  return rows[0];
}

async function audit(ts: string): Promise<{ actor: string; action: string; via: string }[]> {
  const row = await group(ts);
  const { rows } = await t.bot.store.db.query<{ actor: string; action: string; details: { via?: string } }>(
    `SELECT actor, action, details FROM audit_log WHERE subject_type = 'group' AND subject_id = $1 ORDER BY id`,
    [row?.id],
  );
  return rows.map(({ actor, action, details }) => ({ actor, action, via: details.via ?? '' }));
}

function blocksOf(ts: string): string {
  return JSON.stringify(t.slack.message(ALERTS_CHANNEL, ts)?.content.blocks);
}

/** Waits until the message's blocks pass `probe`, and the bot's own reactions on it are `marks`. */
async function shows(
  ts: string,
  probe: (blocks: string) => boolean,
  marks: string[],
  what: string,
): Promise<void> {
  await t.slack.waitFor(
    () =>
      probe(blocksOf(ts)) &&
      JSON.stringify(t.slack.botReactions(ALERTS_CHANNEL, ts)) === JSON.stringify(marks),
    {
      what,
    },
  );
}

async function eventCount(outcome: string): Promise<number> {
  const metric = await t.bot.metrics.slackEvents.get();
  return metric.values
    .filter((value) => value.labels.outcome === outcome)
    .reduce((sum, value) => sum + value.value, 0);
}

describe('reactions as actions', () => {
  it('acknowledges on :eyes:, and taking the reaction back undoes it', async () => {
    const message = await postedAlert('react-ack');

    const added = await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'eyes',
    });

    expect(added?.status).toBe(200);
    await shows(
      message.ts,
      (blocks) => blocks.includes(`Acknowledged by <@${ALICE}>`),
      ['eyes'],
      'the acknowledgement',
    );
    expect(blocksOf(message.ts)).toContain('"alert_unack"');
    expect(await group(message.ts)).toMatchObject({ state: 'acknowledged', acknowledged_by: ALICE });

    await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'eyes',
      remove: true,
    });

    await shows(
      message.ts,
      (blocks) => !blocks.includes('Acknowledged by') && blocks.includes('"alert_ack"'),
      [],
      'the undo',
    );
    expect(await group(message.ts)).toMatchObject({ state: 'open', acknowledged_by: null });
    expect(await audit(message.ts)).toEqual([
      { actor: ALICE, action: 'alert.acknowledge', via: 'reaction' },
      { actor: ALICE, action: 'alert.unacknowledge', via: 'reaction' },
    ]);
    // Alice's own reaction is hers: the bot took back only its mark.
    expect(t.slack.reactions(ALERTS_CHANNEL, message.ts)).toEqual({});
  });

  it('changes nothing for a person who may not do the action, and tells them privately', async () => {
    const message = await postedAlert('react-refused');

    await t.client.react({ channel: ALERTS_CHANNEL, ts: message.ts, user: DAVE, reaction: 'eyes' });

    const told = await t.slack.waitFor(
      () =>
        t.slack
          .ephemerals({ channel: ALERTS_CHANNEL, user: DAVE })
          .find((m) => m.text.includes('You cannot acknowledge')),
      { what: 'an ephemeral refusal for Dave' },
    );
    expect(told.text).toBe(
      `You cannot acknowledge alerts here: only <@${ALICE}>, <@${BOB}>, the approvers can (RESPONDERS, RESPONDER_GROUP). Nothing was changed.`,
    );
    expect(await group(message.ts)).toMatchObject({ state: 'open', acknowledged_by: null });
    expect(await audit(message.ts)).toEqual([]);
    expect(t.slack.botReactions(ALERTS_CHANNEL, message.ts)).toEqual([]);
    expect(t.slack.messages(ALERTS_CHANNEL).some((m) => m.content.text.includes('You cannot'))).toBe(false);
  });

  it('changes nothing when Slack retries an event or delivers it twice', async () => {
    const message = await postedAlert('react-retry');
    const first = await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'white_check_mark',
    });
    await shows(
      message.ts,
      (blocks) => blocks.includes('Resolved as benign'),
      ['white_check_mark'],
      'the resolution',
    );
    // Bob reopens with the button: a second handling of the same event would resolve the alert again.
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_reopen', user: BOB });
    await shows(message.ts, (blocks) => blocks.includes('"alert_resolve"'), [], 'the reopening');
    const duplicates = await eventCount('duplicate');

    const retry = await t.client.redeliverEvent(first!.envelope, {
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    const again = await t.client.redeliverEvent(first!.envelope);

    expect([retry.status, again.status]).toEqual([200, 200]);
    await eventually(
      async () => (await eventCount('duplicate')) === duplicates + 2,
      'both deliveries seen as duplicates',
    );
    expect(await group(message.ts)).toMatchObject({ state: 'open', resolution: null });
    expect(await audit(message.ts)).toEqual([
      { actor: ALICE, action: 'alert.resolve', via: 'reaction' },
      { actor: BOB, action: 'alert.reopen', via: 'button' },
    ]);
    expect(blocksOf(message.ts)).not.toContain('Resolved');
  });

  it('ignores the bot’s own reactions and reactions that map to nothing', async () => {
    const message = await postedAlert('react-noise');
    const ignored = await eventCount('ignored');
    const own = await eventCount('own');

    await t.client.react({ channel: ALERTS_CHANNEL, ts: message.ts, user: ALICE, reaction: 'tada' });
    await t.client.event({
      type: 'reaction_added',
      user: t.slack.workspace.botUserId,
      reaction: 'eyes',
      item_user: t.slack.workspace.botUserId,
      item: { type: 'message', channel: ALERTS_CHANNEL, ts: message.ts },
    });

    await eventually(
      async () => (await eventCount('ignored')) === ignored + 1,
      'the unmapped reaction ignored',
    );
    // Bolt drops the bot's own events before any listener (it knows its user from auth.test).
    expect(await eventCount('own')).toBe(own);
    expect(await group(message.ts)).toMatchObject({ state: 'open' });
  });
});

describe('escalation', () => {
  it('mentions the on-call group once, in the thread, however often it is asked again', async () => {
    const message = await postedAlert('escalate');

    await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'rotating_light',
    });
    await shows(
      message.ts,
      (blocks) => blocks.includes(`Escalated by <@${ALICE}>`),
      ['rotating_light'],
      'the escalation',
    );
    const mention = await t.slack.waitFor(
      () =>
        t.slack
          .thread(ALERTS_CHANNEL, message.ts)
          .find((m) => m.content.text.includes(`<!subteam^${ONCALL}>`)),
      { what: 'the mention in the thread' },
    );
    expect(blocksOf(message.ts)).not.toContain('"alert_escalate"');
    // Bob escalates too, Alice takes her reaction back: an escalation is done once and cannot be undone.
    const ignored = await eventCount('ignored');
    await t.client.react({ channel: ALERTS_CHANNEL, ts: message.ts, user: BOB, reaction: 'rotating_light' });
    await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'rotating_light',
      remove: true,
    });
    await eventually(
      async () => (await eventCount('ignored')) === ignored + 2,
      'both later reactions handled',
    );

    const mentions = t.slack
      .thread(ALERTS_CHANNEL, message.ts)
      .filter((m) => JSON.stringify(m.content).includes('subteam'));
    expect(mentions).toEqual([mention]);
    expect(JSON.stringify(mention.content.blocks)).toContain(`<@${ALICE}> escalated this alert`);
    expect(await group(message.ts)).toMatchObject({ escalated_to: ONCALL });
    expect(await audit(message.ts)).toEqual([{ actor: ALICE, action: 'alert.escalate', via: 'reaction' }]);
    expect(t.slack.botReactions(ALERTS_CHANNEL, message.ts)).toEqual(['rotating_light']);
    // The message itself never mentions the group, in none of its versions.
    const stored = t.slack.message(ALERTS_CHANNEL, message.ts);
    expect(JSON.stringify([stored?.content, stored?.edits])).not.toContain('subteam');
  });

  it('tells the second of two people pressing Escalate at once that it is done', async () => {
    const message = await postedAlert('escalate-twice');

    // Both press Escalate on the message as it is (not yet updated).
    const clicks = await Promise.all(
      [ALICE, BOB].map((user) =>
        t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_escalate', user }),
      ),
    );

    expect(clicks.map((click) => click.status)).toEqual([200, 200]);
    const told = await t.slack.waitFor(() =>
      t.slack.ephemerals({ channel: ALERTS_CHANNEL }).find((m) => m.text.startsWith('Already escalated by')),
    );
    const first = told.user === ALICE ? BOB : ALICE;
    expect(told.text).toBe(
      `Already escalated by <@${first}>: the on-call group was notified then, and is not notified twice.`,
    );
    await t.slack.waitFor(() => t.slack.thread(ALERTS_CHANNEL, message.ts).length > 0);
    await shows(
      message.ts,
      (blocks) => blocks.includes(`Escalated by <@${first}>`),
      ['rotating_light'],
      'the escalation',
    );
    expect(
      t.slack.thread(ALERTS_CHANNEL, message.ts).filter((m) => m.content.text.includes('subteam')),
    ).toHaveLength(1);
  });
});

describe('assign, resolve and reopen', () => {
  it('assigns to me, to a person from the picker, and refuses a guest', async () => {
    const message = await postedAlert('assign');

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_assign_me', user: BOB });
    // With raising_hand=assign_self configured, the bot marks an assigned alert with :raising_hand:.
    await shows(
      message.ts,
      (blocks) => blocks.includes(`Assigned to <@${BOB}>`),
      ['raising_hand'],
      'Bob assigned',
    );
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_assign',
      user: ALICE,
      input: GUEST,
    });
    const refused = await t.slack.waitFor(() =>
      t.slack.ephemerals({ user: ALICE }).find((m) => m.text.includes(`<@${GUEST}> cannot be assigned`)),
    );
    expect(refused.text).toBe(
      `<@${GUEST}> cannot be assigned this alert: they are a guest of this workspace.`,
    );
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_assign',
      user: ALICE,
      input: BOB,
    });
    await t.slack.waitFor(() =>
      t.slack.ephemerals({ user: ALICE }).find((m) => m.text === `Already assigned to <@${BOB}>.`),
    );
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      actionId: 'alert_assign',
      user: ALICE,
      input: ALICE,
    });
    await shows(
      message.ts,
      (blocks) => blocks.includes(`Assigned to <@${ALICE}>`),
      ['raising_hand'],
      'Alice assigned',
    );

    expect(await group(message.ts)).toMatchObject({ assignee: ALICE, state: 'open' });
    expect(blocksOf(message.ts)).toContain(`"initial_user":"${ALICE}"`);
    expect(await audit(message.ts)).toEqual([
      { actor: BOB, action: 'alert.assign', via: 'button' },
      { actor: ALICE, action: 'alert.assign', via: 'picker' },
    ]);
  });

  it('resolves as a true positive through the form, only with a note, and reopens', async () => {
    const message = await postedAlert('resolve');

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_resolve', user: ALICE });
    const form = await t.slack.waitFor(() =>
      t.slack.openViews(ALICE).find((v) => v.definition.callback_id === 'triage_resolve'),
    );
    const empty = await t.client.submitView({
      viewId: form.id,
      values: { resolve_verdict: 'true_positive', resolve_note: '' },
    });
    expect(empty.outcome).toEqual({
      kind: 'errors',
      errors: { resolve_note: 'Say what was found and what was done: a true positive needs a note.' },
    });
    expect(await group(message.ts)).toMatchObject({ state: 'open' });

    const note = 'Cryptominer in <!channel> pod; node drained & image blocked';
    const submitted = await t.client.submitView({
      viewId: form.id,
      values: { resolve_verdict: 'true_positive', resolve_note: note },
    });

    expect(submitted.outcome).toEqual({ kind: 'closed' });
    await shows(
      message.ts,
      (blocks) => blocks.includes(`Resolved as a true positive by <@${ALICE}>`),
      ['shield'],
      'the resolution',
    );
    const blocks = blocksOf(message.ts);
    expect(blocks).toContain('Cryptominer in &lt;!channel&gt; pod; node drained &amp; image blocked');
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain('"alert_reopen"');
    expect(blocks).not.toContain('"alert_ack"');
    expect(await group(message.ts)).toMatchObject({
      state: 'resolved',
      resolution: 'true_positive',
      resolution_note: note,
    });

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_reopen', user: BOB });

    await shows(
      message.ts,
      (current) => current.includes('"alert_ack"') && !current.includes('Resolved'),
      [],
      'the reopening',
    );
    expect(await group(message.ts)).toMatchObject({ state: 'open', resolution: null });
    expect(await audit(message.ts)).toEqual([
      { actor: ALICE, action: 'alert.resolve', via: 'form' },
      { actor: BOB, action: 'alert.reopen', via: 'button' },
    ]);
  });

  it('shows where triage stands in /falco status', async () => {
    const message = await postedAlert('status');
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_escalate', user: BOB });
    await shows(
      message.ts,
      (blocks) => blocks.includes('Escalated by'),
      ['rotating_light'],
      'the escalation',
    );

    const answer = await t.client.command('status', { user: DAVE, channel: ALERTS_CHANNEL });

    expect(answer.status).toBe(200);
    const status = await t.slack.waitFor(() =>
      t.slack
        .responses()
        .find((response) => JSON.stringify(response.body).includes('Alerts in the last 24 hours')),
    );
    const text = JSON.stringify(status.body);
    expect(text).toMatch(/\d+ not acknowledged · \d+ acknowledged · [1-9]\d* escalated/);
    expect(text).toContain(`:rotating_light: *Read sensitive file untrusted* in <#${ALERTS_CHANNEL}>`);
    expect(text).toContain(`escalated by <@${BOB}>`);
  });
});
