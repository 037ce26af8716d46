import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { App, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/web-api';
import {
  DEFAULT_SIGNING_SECRET,
  FakeSlack,
  SignedSlackClient,
} from '../../../../src/stand-ins/slack/index.js';
import { silentLogger } from './web-client.js';

/**
 * A small Bolt 5 app in HTTP mode, driven only through the fake: proves the fake and the signed client speak the
 * protocol the real framework expects (signature checks, payload parsing, acks, respond(), trigger ids).
 */
let slack: FakeSlack;
let app: App;
let client: SignedSlackClient;
const seenRetryNums: (number | undefined)[] = [];
const closedViews: string[] = [];

const fpModal = (title = 'Mark false positive'): ModalView => ({
  type: 'modal',
  callback_id: 'fp_modal',
  notify_on_close: true,
  title: { type: 'plain_text', text: title },
  submit: { type: 'plain_text', text: 'Propose' },
  blocks: [
    {
      type: 'input',
      block_id: 'why',
      label: { type: 'plain_text', text: 'Justification' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
  ],
});

const proposeButton: KnownBlock = {
  type: 'actions',
  block_id: 'explain',
  elements: [
    { type: 'button', action_id: 'propose', text: { type: 'plain_text', text: 'Propose exception' } },
  ],
};

beforeAll(async () => {
  slack = await FakeSlack.start();
  app = new App({
    token: slack.botToken,
    signingSecret: DEFAULT_SIGNING_SECRET,
    logger: silentLogger,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger },
  });
  app.use(async ({ context, next }) => {
    seenRetryNums.push(context.retryNum);
    await next();
  });
  app.command('/falco', async ({ ack, command, respond }) => {
    if (command.text === 'help') {
      await ack('Usage: /falco explain <alert>');
      return;
    }
    await ack();
    await respond({
      response_type: 'ephemeral',
      text: `explained: ${command.text}`,
      blocks: [proposeButton],
    });
  });
  app.action<BlockAction<ButtonAction>>('propose', async ({ ack, body, client: web }) => {
    await ack();
    await web.views.open({ trigger_id: body.trigger_id, view: fpModal() });
  });
  app.action<BlockAction<ButtonAction>>('alert_ack', async ({ ack, body, client: web }) => {
    await ack();
    const channel = body.container.channel_id as string;
    const ts = body.container.message_ts as string;
    await web.chat.update({ channel, ts, text: `Acknowledged by <@${body.user.id}>`, blocks: [] });
  });
  app.view('fp_modal', async ({ ack, view }) => {
    const why = view.state.values.why?.text?.value;
    if (!why) {
      await ack({ response_action: 'errors', errors: { why: 'Say why this is a false positive.' } });
      return;
    }
    await ack({ response_action: 'update', view: fpModal('Proposal sent') });
  });
  app.view({ callback_id: 'fp_modal', type: 'view_closed' }, async ({ ack, view }) => {
    await ack();
    closedViews.push(view.id);
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  client = new SignedSlackClient({
    url: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: DEFAULT_SIGNING_SECRET,
    slack,
  });
});
afterAll(async () => {
  await app.stop();
  await slack.stop();
});
beforeEach(() => {
  seenRetryNums.length = 0;
});

describe('FakeSlack and SignedSlackClient with a real Bolt 5 app', () => {
  it("answers Bolt's start-up auth.test", async () => {
    const [call] = await slack.waitFor(() => slack.calls('auth.test').length > 0 && slack.calls('auth.test'));
    expect(call).toMatchObject({ status: 200, response: { ok: true, user_id: 'U0FALCOBOT' } });
  });

  it('runs a slash command whose respond() lands as an ephemeral message for the user', async () => {
    const delivery = await client.command('Read sensitive file untrusted', {
      user: 'U0ALICE001',
      channel: '#falco-alerts',
    });
    expect(delivery.status).toBe(200);
    const [reply] = await slack.waitFor(
      () => slack.ephemerals({ user: 'U0ALICE001' }).length > 0 && slack.ephemerals({ user: 'U0ALICE001' }),
    );
    expect(reply).toMatchObject({
      channel: 'C0ALERTS01',
      text: 'explained: Read sensitive file untrusted',
      via: 'response_url',
    });
    expect(slack.responses()).toMatchObject([{ status: 200, effect: 'ephemeral' }]);
  });

  it('shows a plain-text ack of a slash command as an ephemeral message', async () => {
    await client.command('help', { user: 'U0DAVE0001', channel: 'C0ALERTS02' });
    expect(slack.ephemerals({ user: 'U0DAVE0001' })).toMatchObject([
      { channel: 'C0ALERTS02', text: 'Usage: /falco explain <alert>', via: 'ack' },
    ]);
  });

  it('opens a modal from a button in that ephemeral message, validates it inline, then updates it', async () => {
    await client.command('x', { user: 'U0ALICE001', channel: 'C0ALERTS01' });
    const reply = await slack.waitFor(() => slack.ephemerals({ user: 'U0ALICE001' }).at(-1));
    await client.click({ channel: 'C0ALERTS01', ts: reply.ts, actionId: 'propose', user: 'U0ALICE001' });
    const [view] = await slack.waitFor(
      () => slack.openViews('U0ALICE001').length > 0 && slack.openViews('U0ALICE001'),
    );
    expect(slack.calls('views.open').at(-1)?.response).toMatchObject({ ok: true });

    const empty = await client.submitView({ viewId: view!.id, values: { text: '' } });
    expect(empty.status).toBe(200);
    expect(empty.outcome).toEqual({ kind: 'errors', errors: { why: 'Say why this is a false positive.' } });

    const filled = await client.submitView({ viewId: view!.id, values: { why: { text: 'Known agent' } } });
    expect(filled.outcome).toMatchObject({ kind: 'updated' });
    expect(slack.view(view!.id)?.definition.title).toEqual({ type: 'plain_text', text: 'Proposal sent' });

    await client.closeView({ viewId: view!.id });
    await slack.waitFor(() => closedViews.includes(view!.id));
  });

  it('updates the clicked channel message through chat.update', async () => {
    const posted = await app.client.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'Falco alert',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'alert_ack',
              text: { type: 'plain_text', text: 'Acknowledge' },
              value: 'g1',
            },
          ],
        },
      ],
    });
    const delivery = await client.click({
      channel: '#falco-alerts',
      ts: posted.ts!,
      actionId: 'alert_ack',
      user: 'U0BOB00001',
    });
    expect(delivery.status).toBe(200);
    const message = await slack.waitFor(() => {
      const m = slack.message('C0ALERTS01', posted.ts!);
      return m !== undefined && m.edits.length > 0 && m;
    });
    expect(message.content).toEqual({ text: 'Acknowledged by <@U0BOB00001>' });
  });

  it('is refused by Bolt when forged, tampered, stale or sent with a charset', async () => {
    const send = (o: Parameters<SignedSlackClient['command']>[1]): Promise<number> =>
      client.command('status', o).then((d) => d.status);
    const who = { user: 'U0ALICE001', channel: 'C0ALERTS01' };
    expect(await send({ ...who, signature: 'bad' })).toBe(401);
    expect(await send({ ...who, signature: 'tampered' })).toBe(401);
    expect(await send({ ...who, stale: true })).toBe(401);
    expect(await send({ ...who, contentType: 'application/x-www-form-urlencoded; charset=utf-8' })).toBe(400);
    expect(seenRetryNums).toEqual([]);
  });

  it('passes Slack retry headers through to the listener context', async () => {
    await client.command('status', {
      user: 'U0ALICE001',
      channel: 'C0ALERTS01',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(seenRetryNums).toEqual([1]);
  });
});
