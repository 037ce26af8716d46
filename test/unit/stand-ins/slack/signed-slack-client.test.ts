import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { verifySlackRequest } from '@slack/bolt';
import {
  DEFAULT_SIGNING_SECRET,
  FakeSlack,
  SignedSlackClient,
  signSlackRequest,
  type SignatureMode,
} from '../../../../src/stand-ins/slack/index.js';

interface Captured {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let slack: FakeSlack;
let capture: Server;
let captured: Captured[] = [];
let client: SignedSlackClient;

beforeAll(async () => {
  slack = await FakeSlack.start();
  // Stands in for the bot: records exactly what arrives on the wire.
  capture = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  const { port } = capture.address() as AddressInfo;
  client = new SignedSlackClient({
    url: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: DEFAULT_SIGNING_SECRET,
    slack,
  });
});
afterAll(async () => {
  await new Promise((resolve) => capture.close(resolve));
  await slack.stop();
});
beforeEach(() => {
  captured = [];
  slack.reset();
});

/** Bolt's own check of a captured request. */
function boltAccepts(request: Captured): boolean {
  try {
    verifySlackRequest({
      signingSecret: DEFAULT_SIGNING_SECRET,
      body: request.body,
      headers: {
        'x-slack-signature': String(request.headers['x-slack-signature'] ?? ''),
        'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
      },
    });
    return true;
  } catch {
    return false;
  }
}

const payloadOf = (request: Captured): Record<string, unknown> =>
  JSON.parse(new URLSearchParams(request.body).get('payload') ?? 'null') as Record<string, unknown>;

describe('signSlackRequest', () => {
  it("reproduces Slack's documented test vector", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

describe('SignedSlackClient on the wire', () => {
  it('sends a slash command as a bare form body that Bolt verifies', async () => {
    const sent = await client.command('explain {"rule":"x"}', {
      user: 'U0ALICE001',
      channel: '#falco-alerts',
    });
    const [request] = captured;
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(boltAccepts(request!)).toBe(true);
    const form = Object.fromEntries(new URLSearchParams(request!.body));
    expect(form).toEqual({
      token: 'fakeVerificationToken0001',
      team_id: 'T0FALCO01',
      team_domain: 'acme-sec',
      channel_id: 'C0ALERTS01',
      channel_name: 'falco-alerts',
      user_id: 'U0ALICE001',
      user_name: 'alice',
      command: '/falco',
      text: 'explain {"rule":"x"}',
      api_app_id: 'A0FALCO01',
      is_enterprise_install: 'false',
      response_url: sent.responseUrl,
      trigger_id: sent.triggerId,
    });
    expect(sent.responseUrl.startsWith(`${slack.url}/respond/commands/`)).toBe(true);
  });

  it.each<[SignatureMode | 'stale', boolean]>([
    ['valid', true],
    ['bad', false],
    ['tampered', false],
    ['missing', false],
    ['stale', false],
  ])('signature mode %s → Bolt accepts: %s', async (mode, accepted) => {
    const options = mode === 'stale' ? { stale: true } : { signature: mode };
    await client.command('help', { user: 'U0ALICE001', channel: 'C0ALERTS01', ...options });
    expect(boltAccepts(captured[0]!)).toBe(accepted);
  });

  it('delivers a person’s reaction as a signed reaction_added event, and redelivers the same envelope', async () => {
    const message = slack.messageStore.post(
      'C0ALERTS01',
      { text: 'alert' },
      { user: 'U0FALCOBOT', botId: 'B0FALCO01' },
      { nowMs: Date.now() },
    );

    const sent = await client.react({
      channel: '#falco-alerts',
      ts: message.ts,
      user: 'U0ALICE001',
      reaction: 'eyes',
    });
    await client.redeliverEvent(sent!.envelope, { retryNum: 1, retryReason: 'http_timeout' });
    const none = await client.react({
      channel: 'C0ALERTS01',
      ts: message.ts,
      user: 'U0ALICE001',
      reaction: 'eyes',
      remove: true,
      eventId: 'Ev0FIXED001',
    });

    expect(captured.map((request) => boltAccepts(request))).toEqual([true, true, true]);
    const [first, retry, removal] = captured.map(
      (request) => JSON.parse(request.body) as Record<string, unknown>,
    );
    expect(first).toMatchObject({
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev[0-9A-F]{10}$/),
      event: {
        type: 'reaction_added',
        user: 'U0ALICE001',
        reaction: 'eyes',
        item: { type: 'message', channel: 'C0ALERTS01', ts: message.ts },
        event_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      },
    });
    expect(retry).toEqual(first);
    expect(captured[1]?.headers['x-slack-retry-num']).toBe('1');
    expect(removal).toMatchObject({ event_id: 'Ev0FIXED001', event: { type: 'reaction_removed' } });
    expect(none?.envelope.event_id).toBe('Ev0FIXED001');
  });

  it('adds Slack retry headers on request', async () => {
    await client.event(
      { type: 'app_mention', text: 'hi', user: 'U0ALICE001' },
      { retryNum: 2, retryReason: 'http_timeout' },
    );
    const [request] = captured;
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(boltAccepts(request!)).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({
      type: 'event_callback',
      team_id: 'T0FALCO01',
      event: { type: 'app_mention' },
    });
  });

  it('clicks a button of a message the fake holds, with the block_actions shape Slack sends', async () => {
    const posted = slack.messageStore.post(
      'C0ALERTS01',
      {
        text: 'alert',
        blocks: [
          {
            type: 'actions',
            block_id: 'alert:g1',
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
      },
      { user: 'U0FALCOBOT', botId: 'B0FALCO01', appId: 'A0FALCO01' },
      { nowMs: Date.now() },
    );
    const sent = await client.click({
      channel: '#falco-alerts',
      ts: posted.ts,
      actionId: 'alert_ack',
      user: 'U0BOB00001',
    });
    const payload = payloadOf(captured[0]!);
    expect(boltAccepts(captured[0]!)).toBe(true);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB00001', username: 'bob', name: 'bob', team_id: 'T0FALCO01' },
      api_app_id: 'A0FALCO01',
      team: { id: 'T0FALCO01', domain: 'acme-sec' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0ALERTS01', is_ephemeral: false },
      channel: { id: 'C0ALERTS01', name: 'falco-alerts' },
      message: { ts: posted.ts, bot_id: 'B0FALCO01', text: 'alert' },
      trigger_id: sent.triggerId,
      response_url: sent.responseUrl,
      actions: [{ type: 'button', action_id: 'alert_ack', block_id: 'alert:g1', value: 'g1' }],
    });
    expect((payload.actions as { action_ts: string }[])[0]?.action_ts).toMatch(/^\d+\.\d{6}$/);
    await expect(
      client.click({ channel: 'C0ALERTS01', ts: posted.ts, actionId: 'no_such', user: 'U0BOB00001' }),
    ).rejects.toThrow(/no element no_such/);
  });

  it('submits a modal with full state values built from the view and the inputs', async () => {
    const checkbox = (value: string): Record<string, unknown> => ({
      text: { type: 'mrkdwn', text: `\`${value}\`` },
      value,
    });
    const view = slack.viewStore.open(
      'U0ALICE001',
      {
        type: 'modal',
        callback_id: 'fp_modal',
        private_metadata: 'prop_1',
        title: { type: 'plain_text', text: 'Mark false positive' },
        submit: { type: 'plain_text', text: 'Propose' },
        blocks: [
          {
            type: 'input',
            block_id: 'fields',
            label: { type: 'plain_text', text: 'Scope' },
            element: {
              type: 'checkboxes',
              action_id: 'pick',
              options: [checkbox('proc.name'), checkbox('container.image')],
              initial_options: [checkbox('proc.name')],
            },
          },
          {
            type: 'input',
            block_id: 'why',
            label: { type: 'plain_text', text: 'Justification' },
            element: { type: 'plain_text_input', action_id: 'text' },
          },
          {
            type: 'input',
            block_id: 'expiry',
            optional: true,
            label: { type: 'plain_text', text: 'Expires' },
            element: { type: 'datepicker', action_id: 'date' },
          },
        ],
      },
      Date.now(),
    );
    const sent = await client.submitView({
      viewId: view.id,
      values: { text: 'Known agent', fields: { pick: ['proc.name', 'container.image'] } },
    });
    const payload = payloadOf(captured[0]!);
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0ALICE001' },
      view: { id: view.id, callback_id: 'fp_modal', private_metadata: 'prop_1', hash: view.hash },
      response_urls: [],
    });
    expect((payload.view as { state: unknown }).state).toEqual({
      values: {
        fields: {
          pick: {
            type: 'checkboxes',
            selected_options: [checkbox('proc.name'), checkbox('container.image')],
          },
        },
        why: { text: { type: 'plain_text_input', value: 'Known agent' } },
        expiry: { date: { type: 'datepicker', selected_date: null } },
      },
    });
    // The capture server acked with an empty body: Slack closes the view.
    expect(sent.outcome).toEqual({ kind: 'closed' });
    await expect(client.submitView({ viewId: view.id })).rejects.toThrow(/not open/);
  });
});
