/**
 * Triage states through the buttons, the assignee picker and the resolve form, end to end (signed block_actions and
 * view_submission payloads against the real bot): assign to me, to a person, never to a guest; resolve as a true
 * positive only with a note, shown escaped, and reopen; `/falco status` shows where triage stands.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALERTS_CHANNEL, type TestBot } from './helpers/test-bot.js';
import { ALICE, BOB, DAVE, GUEST, startTriageBot, triageSteps, type TriageSteps } from './helpers/triage.js';

let t: TestBot;
let s: TriageSteps;

beforeAll(async () => {
  t = await startTriageBot();
  s = triageSteps(t);
}, 60_000);

afterAll(async () => {
  await t.stop();
});

describe('assign, resolve and reopen', () => {
  it('assigns to me, to a person from the picker, and refuses a guest', async () => {
    const message = await s.postedAlert('assign');

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_assign_me', user: BOB });
    // With raising_hand=assign_self configured, the bot marks an assigned alert with :raising_hand:.
    await s.shows(
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
    await s.shows(
      message.ts,
      (blocks) => blocks.includes(`Assigned to <@${ALICE}>`),
      ['raising_hand'],
      'Alice assigned',
    );

    expect(await s.group(message.ts)).toMatchObject({ assignee: ALICE, state: 'open' });
    expect(s.blocksOf(message.ts)).toContain(`"initial_user":"${ALICE}"`);
    expect(await s.audit(message.ts)).toEqual([
      { actor: BOB, action: 'alert.assign', via: 'button' },
      { actor: ALICE, action: 'alert.assign', via: 'picker' },
    ]);
  });

  it('resolves as a true positive through the form, only with a note, and reopens', async () => {
    const message = await s.postedAlert('resolve');

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
    expect(await s.group(message.ts)).toMatchObject({ state: 'open' });

    const note = 'Cryptominer in <!channel> pod; node drained & image blocked';
    const submitted = await t.client.submitView({
      viewId: form.id,
      values: { resolve_verdict: 'true_positive', resolve_note: note },
    });

    expect(submitted.outcome).toEqual({ kind: 'closed' });
    await s.shows(
      message.ts,
      (blocks) => blocks.includes(`Resolved as a true positive by <@${ALICE}>`),
      ['shield'],
      'the resolution',
    );
    const blocks = s.blocksOf(message.ts);
    expect(blocks).toContain('Cryptominer in &lt;!channel&gt; pod; node drained &amp; image blocked');
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain('"alert_reopen"');
    expect(blocks).not.toContain('"alert_ack"');
    expect(await s.group(message.ts)).toMatchObject({
      state: 'resolved',
      resolution: 'true_positive',
      resolution_note: note,
    });

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_reopen', user: BOB });

    await s.shows(
      message.ts,
      (current) => current.includes('"alert_ack"') && !current.includes('Resolved'),
      [],
      'the reopening',
    );
    expect(await s.group(message.ts)).toMatchObject({ state: 'open', resolution: null });
    expect(await s.audit(message.ts)).toEqual([
      { actor: ALICE, action: 'alert.resolve', via: 'form' },
      { actor: BOB, action: 'alert.reopen', via: 'button' },
    ]);
  });

  it('shows where triage stands in /falco status', async () => {
    const message = await s.postedAlert('status');
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_escalate', user: BOB });
    await s.shows(
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
