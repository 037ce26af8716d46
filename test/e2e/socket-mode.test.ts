import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_SIGNING_SECRET,
  FakeSlack,
  FakeSocketMode,
  SignedSlackClient,
} from '../../src/stand-ins/slack/index.js';
import { alertFixture } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const ALICE = 'U0ALICE001';
let slack: FakeSlack;
let socket: FakeSocketMode;
let t: TestBot;
let client: SignedSlackClient;

beforeAll(async () => {
  slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: false } });
  socket = await FakeSocketMode.start();
  slack.socketMode = socket;
  t = await startTestBot({
    slack,
    env: { SLACK_APP_TOKEN: socket.appToken },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 } },
  });
  client = new SignedSlackClient({ url: 'unused', signingSecret: DEFAULT_SIGNING_SECRET, slack, socket });
  await slack.waitFor(() => socket.connections > 0, { timeoutMs: 10_000 });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await socket.stop();
  await slack.stop();
});

describe('Socket Mode', () => {
  it('connects with the app-level token and answers /falco over the socket', async () => {
    const delivery = await client.command('help', { user: ALICE, channel: ALERTS_CHANNEL });

    expect(delivery.status).toBe(200);
    await slack.waitFor(() =>
      slack.ephemerals({ user: ALICE }).some((e) => (e.text ?? '').includes('falco-triage')),
    );
    expect(slack.calls('apps.connections.open')).toHaveLength(1);
  });

  it('keeps serving intake over HTTP and takes button clicks over the socket', async () => {
    expect((await t.post('/falco/alerts', alertFixture('029'))).status).toBe(202);
    const message = await slack.waitFor(() => slack.messages(ALERTS_CHANNEL)[0]);

    await client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_ack', user: ALICE });

    await slack.waitFor(() =>
      JSON.stringify(slack.message(ALERTS_CHANNEL, message.ts)?.content.blocks).includes(
        'Acknowledged by <@U0ALICE001>',
      ),
    );
  });

  it('takes reactions over the socket: a reaction resolves, taking it back reopens', async () => {
    expect((await t.post('/falco/alerts', alertFixture('029'))).status).toBe(202);
    const message = await slack.waitFor(() => slack.messages(ALERTS_CHANNEL)[0]);
    const blocks = (): string => JSON.stringify(slack.message(ALERTS_CHANNEL, message.ts)?.content.blocks);

    await client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'white_check_mark',
    });
    await slack.waitFor(() => blocks().includes('Resolved as benign by <@U0ALICE001>'));
    await client.react({
      channel: ALERTS_CHANNEL,
      ts: message.ts,
      user: ALICE,
      reaction: 'white_check_mark',
      remove: true,
    });

    await slack.waitFor(() => !blocks().includes('Resolved') && blocks().includes('"alert_resolve"'));
  });

  it('does not serve /slack/events over HTTP', async () => {
    const response = await fetch(`${t.bot.url}/slack/events`, { method: 'POST', body: 'x' });

    expect(response.status).toBe(404);
  });
});
