/**
 * Reactions as triage actions, end to end: the real bot over HTTP, the fake Slack at its edge, people's reactions
 * as signed Events API envelopes. A reaction acknowledges and taking it back undoes it; a person who may not gets
 * told privately and nothing changes; Slack's retries and duplicate deliveries change nothing; an escalation
 * mentions the on-call group once, whoever asks again and however.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './helpers/alerts.js';
import { ALERTS_CHANNEL, type TestBot } from './helpers/test-bot.js';
import { ALICE, BOB, DAVE, ONCALL, startTriageBot, triageSteps, type TriageSteps } from './helpers/triage.js';

let t: TestBot;
let s: TriageSteps;

beforeAll(async () => {
  t = await startTriageBot();
  s = triageSteps(t);
}, 60_000);

afterAll(async () => {
  await t.stop();
});

describe('reactions as actions', () => {
  it('acknowledges on :eyes:, and taking the reaction back undoes it', async () => {
    const message = await s.postedAlert('react-ack');

    const added = await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'eyes',
    });

    expect(added?.status).toBe(200);
    await s.shows(
      message.ts,
      (blocks) => blocks.includes(`Acknowledged by <@${ALICE}>`),
      ['eyes'],
      'the acknowledgement',
    );
    expect(s.blocksOf(message.ts)).toContain('"alert_unack"');
    expect(await s.group(message.ts)).toMatchObject({ state: 'acknowledged', acknowledged_by: ALICE });

    await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'eyes',
      remove: true,
    });

    await s.shows(
      message.ts,
      (blocks) => !blocks.includes('Acknowledged by') && blocks.includes('"alert_ack"'),
      [],
      'the undo',
    );
    expect(await s.group(message.ts)).toMatchObject({ state: 'open', acknowledged_by: null });
    expect(await s.audit(message.ts)).toEqual([
      { actor: ALICE, action: 'alert.acknowledge', via: 'reaction' },
      { actor: ALICE, action: 'alert.unacknowledge', via: 'reaction' },
    ]);
    // Alice's own reaction is hers: the bot took back only its mark.
    expect(t.slack.reactions(ALERTS_CHANNEL, message.ts)).toEqual({});
  });

  it('changes nothing for a person who may not do the action, and tells them privately', async () => {
    const message = await s.postedAlert('react-refused');

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
    expect(await s.group(message.ts)).toMatchObject({ state: 'open', acknowledged_by: null });
    expect(await s.audit(message.ts)).toEqual([]);
    expect(t.slack.botReactions(ALERTS_CHANNEL, message.ts)).toEqual([]);
    expect(t.slack.messages(ALERTS_CHANNEL).some((m) => m.content.text.includes('You cannot'))).toBe(false);
  });

  it('changes nothing when Slack retries an event or delivers it twice', async () => {
    const message = await s.postedAlert('react-retry');
    const first = await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'white_check_mark',
    });
    await s.shows(
      message.ts,
      (blocks) => blocks.includes('Resolved as benign'),
      ['white_check_mark'],
      'the resolution',
    );
    // Bob reopens with the button: a second handling of the same event would resolve the alert again.
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_reopen', user: BOB });
    await s.shows(message.ts, (blocks) => blocks.includes('"alert_resolve"'), [], 'the reopening');
    const duplicates = await s.eventCount('duplicate');

    const retry = await t.client.redeliverEvent(first!.envelope, {
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    const again = await t.client.redeliverEvent(first!.envelope);

    expect([retry.status, again.status]).toEqual([200, 200]);
    await eventually(
      async () => (await s.eventCount('duplicate')) === duplicates + 2,
      'both deliveries seen as duplicates',
    );
    expect(await s.group(message.ts)).toMatchObject({ state: 'open', resolution: null });
    expect(await s.audit(message.ts)).toEqual([
      { actor: ALICE, action: 'alert.resolve', via: 'reaction' },
      { actor: BOB, action: 'alert.reopen', via: 'button' },
    ]);
    expect(s.blocksOf(message.ts)).not.toContain('Resolved');
  });

  it('ignores the bot’s own reactions and reactions that map to nothing', async () => {
    const message = await s.postedAlert('react-noise');
    const ignored = await s.eventCount('ignored');
    const own = await s.eventCount('own');

    await t.client.react({ channel: ALERTS_CHANNEL, ts: message.ts, user: ALICE, reaction: 'tada' });
    await t.client.event({
      type: 'reaction_added',
      user: t.slack.workspace.botUserId,
      reaction: 'eyes',
      item_user: t.slack.workspace.botUserId,
      item: { type: 'message', channel: ALERTS_CHANNEL, ts: message.ts },
    });

    await eventually(
      async () => (await s.eventCount('ignored')) === ignored + 1,
      'the unmapped reaction ignored',
    );
    // Bolt drops the bot's own events before any listener (it knows its user from auth.test).
    expect(await s.eventCount('own')).toBe(own);
    expect(await s.group(message.ts)).toMatchObject({ state: 'open' });
  });
});

describe('the Events API endpoint', () => {
  it('answers the url_verification challenge Slack sends when the manifest’s event URL is saved', async () => {
    const body = JSON.stringify({
      token: t.slack.workspace.verificationToken,
      challenge: 'c0ffee-42',
      type: 'url_verification',
    });

    const answer = await t.client.send(body, 'application/json');

    expect(answer.status).toBe(200);
    expect(answer.json ?? answer.text).toEqual(expect.objectContaining({ challenge: 'c0ffee-42' }));
  });
});

describe('escalation', () => {
  it('mentions the on-call group once, in the thread, however often it is asked again', async () => {
    const message = await s.postedAlert('escalate');

    await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'rotating_light',
    });
    await s.shows(
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
    expect(s.blocksOf(message.ts)).not.toContain('"alert_escalate"');
    // Bob escalates too, Alice takes her reaction back: an escalation is done once and cannot be undone.
    const ignored = await s.eventCount('ignored');
    await t.client.react({ channel: ALERTS_CHANNEL, ts: message.ts, user: BOB, reaction: 'rotating_light' });
    await t.client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'rotating_light',
      remove: true,
    });
    await eventually(
      async () => (await s.eventCount('ignored')) === ignored + 2,
      'both later reactions handled',
    );

    const mentions = t.slack
      .thread(ALERTS_CHANNEL, message.ts)
      .filter((m) => JSON.stringify(m.content).includes('subteam'));
    expect(mentions).toEqual([mention]);
    expect(JSON.stringify(mention.content.blocks)).toContain(`<@${ALICE}> escalated this alert`);
    expect(await s.group(message.ts)).toMatchObject({ escalated_to: ONCALL });
    expect(await s.audit(message.ts)).toEqual([{ actor: ALICE, action: 'alert.escalate', via: 'reaction' }]);
    expect(t.slack.botReactions(ALERTS_CHANNEL, message.ts)).toEqual(['rotating_light']);
    // The message itself never mentions the group, in none of its versions.
    const stored = t.slack.message(ALERTS_CHANNEL, message.ts);
    expect(JSON.stringify([stored?.content, stored?.edits])).not.toContain('subteam');
  });

  it('tells the second of two people pressing Escalate at once that it is done', async () => {
    const message = await s.postedAlert('escalate-twice');

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
    await s.shows(
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
