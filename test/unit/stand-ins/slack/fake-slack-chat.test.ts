import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { KnownBlock, WebAPIPlatformError, WebClient } from '@slack/web-api';
import { FakeSlack, manifestBotScopes } from '../../../../src/stand-ins/slack/index.js';
import { webClient } from './web-client.js';

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  // No post rate limit here: these tests are about content and errors (rate limits have their own suite).
  slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: false } });
  client = webClient(slack);
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());
// Tests that grant or withdraw scopes, or switch the plan, get the manifest's workspace back.
afterEach(() => slack.configure({ scopes: manifestBotScopes(), usergroupsError: undefined }));

/** The Slack error code a WebClient call failed with. */
async function slackError(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await call;
  } catch (error) {
    const e = error as WebAPIPlatformError;
    expect(e.code).toBe('slack_webapi_platform_error');
    return e.data;
  }
  throw new Error('expected the call to fail');
}

const section = (text: string): KnownBlock => ({
  type: 'section',
  block_id: 'b1',
  text: { type: 'mrkdwn', text },
});

describe('FakeSlack speaks the Web API protocol of @slack/web-api 8', () => {
  it('answers auth.test for the bot token, invalid_auth for another token, not_authed for none', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({
      ok: true,
      user_id: 'U0FALCOBOT',
      bot_id: 'B0FALCO01',
      team_id: 'T0FALCO01',
    });
    const stranger = webClient(slack, { token: 'xoxb-not-a-token' });
    expect((await slackError(stranger.auth.test())).error).toBe('invalid_auth');
    const anonymous = webClient(slack, { token: null });
    expect((await slackError(anonymous.chat.postMessage({ channel: 'C0ALERTS01', text: 'x' }))).error).toBe(
      'not_authed',
    );
  });

  it('receives form-encoded calls with blocks as a JSON string and records them decoded', async () => {
    const posted = await client.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'fallback',
      blocks: [section('hi')],
    });
    const [call] = slack.calls('chat.postMessage');
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.token).toBe(slack.botToken);
    expect(call?.args.blocks).toEqual([section('hi')]);
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message?.blocks).toEqual([section('hi')]);
    expect(slack.messages('C0ALERTS01').map((m) => m.content.text)).toEqual(['fallback']);
  });

  it('accepts application/json bodies with the token in the Authorization header only', async () => {
    const post = (headers: Record<string, string>, body: unknown): Promise<unknown> =>
      fetch(`${slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const ok = await post(
      { authorization: `Bearer ${slack.botToken}` },
      { channel: '#falco-alerts', text: 'json' },
    );
    expect(ok).toMatchObject({ ok: true, channel: 'C0ALERTS01' });
    // Slack ignores a token field in a JSON body.
    expect(await post({}, { token: slack.botToken, channel: 'C0ALERTS01', text: 'json' })).toEqual({
      ok: false,
      error: 'not_authed',
    });
  });

  it('gives every message a strictly increasing ts, even within one millisecond', async () => {
    const stamps: string[] = [];
    for (let i = 0; i < 20; i++)
      stamps.push((await client.chat.postMessage({ channel: 'C0ALERTS01', text: `${i}` })).ts!);
    const asNumbers = stamps.map((ts) => BigInt(ts.replace('.', '')));
    for (let i = 1; i < asNumbers.length; i++) expect(asNumbers[i]! > asNumbers[i - 1]!).toBe(true);
  });

  it('knows channels by id or name; unknown and private non-member channels are channel_not_found', async () => {
    expect((await client.chat.postMessage({ channel: '#falco-alerts', text: 'x' })).channel).toBe(
      'C0ALERTS01',
    );
    expect((await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
    expect((await slackError(client.chat.postMessage({ channel: 'G0PRIVATE1', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
  });

  it('needs chat:write.public for public channels the bot was not invited to', async () => {
    await client.chat.postMessage({ channel: '#sec-ops', text: 'granted by the manifest' });
    slack.configure({ scopes: ['chat:write', 'commands'] });
    expect((await slackError(client.chat.postMessage({ channel: '#sec-ops', text: 'x' }))).error).toBe(
      'not_in_channel',
    );
  });

  it('answers missing_scope for a method the manifest does not grant', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'parent' });
    const data = await slackError(client.conversations.replies({ channel: 'C0ALERTS01', ts: parent.ts! }));
    expect(data).toMatchObject({ error: 'missing_scope', needed: 'channels:history' });
  });

  it('threads replies under the parent, also when replying to a reply, and keeps orphans out of sight', async () => {
    slack.configure({ scopes: 'all' });
    const parent = await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'parent' });
    const r1 = await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'r1', thread_ts: parent.ts! });
    await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'r2', thread_ts: r1.ts! });
    expect(slack.thread('C0ALERTS01', parent.ts!).map((m) => m.content.text)).toEqual(['r1', 'r2']);
    expect(slack.messages('C0ALERTS01').map((m) => m.content.text)).toEqual(['parent']);
    const replies = await client.conversations.replies({ channel: 'C0ALERTS01', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'r1', 'r2']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    // Slack says ok to a thread_ts that names nothing, and the reply is never seen.
    const lost = await client.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'lost',
      thread_ts: '1700000000.000001',
    });
    expect(lost.ok).toBe(true);
    expect(slack.orphanedReplies().map((m) => m.content.text)).toEqual(['lost']);
    expect(
      (await slackError(client.conversations.replies({ channel: 'C0ALERTS01', ts: '1.000001' }))).error,
    ).toBe('thread_not_found');
  });

  it('updates only existing bot messages, keeping the edit history and unspecified blocks', async () => {
    const posted = await client.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'v1',
      blocks: [section('one')],
    });
    await client.chat.update({ channel: 'C0ALERTS01', ts: posted.ts!, text: 'v2' });
    await client.chat.update({
      channel: 'C0ALERTS01',
      ts: posted.ts!,
      text: 'v3',
      blocks: [section('three')],
    });
    const message = slack.message('C0ALERTS01', posted.ts!);
    expect(message?.content).toMatchObject({ text: 'v3', blocks: [section('three')] });
    expect(message?.edits.map((e) => [e.text, e.blocks])).toEqual([
      ['v1', [section('one')]],
      ['v2', [section('one')]],
    ]);
    expect(
      (await slackError(client.chat.update({ channel: 'C0ALERTS01', ts: '1.000002', text: 'x' }))).error,
    ).toBe('message_not_found');
    const human = slack.seedMessage('#falco-alerts', { user: 'U0ALICE001', text: 'mine' });
    expect(
      (await slackError(client.chat.update({ channel: 'C0ALERTS01', ts: human.ts, text: 'x' }))).error,
    ).toBe('cant_update_message');
  });

  it('refuses empty and over-long messages: no_text, msg_too_long, msg_blocks_too_long', async () => {
    expect((await slackError(client.chat.postMessage({ channel: 'C0ALERTS01', text: '' }))).error).toBe(
      'no_text',
    );
    expect(
      (await slackError(client.chat.postMessage({ channel: 'C0ALERTS01', text: 'x'.repeat(40001) }))).error,
    ).toBe('msg_too_long');
    await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'x'.repeat(40000) });
    const many = Array.from({ length: 5 }, (_, i) => ({ ...section('y'.repeat(2900)), block_id: `b${i}` }));
    expect(
      (await slackError(client.chat.postMessage({ channel: 'C0ALERTS01', text: 't', blocks: many }))).error,
    ).toBe('msg_blocks_too_long');
  });

  it('answers invalid_blocks with the problems in errors and response_metadata.messages', async () => {
    const data = await slackError(
      client.chat.postMessage({ channel: 'C0ALERTS01', text: 't', blocks: [section('z'.repeat(3001))] }),
    );
    expect(data).toMatchObject({
      error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      response_metadata: {
        messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      },
    });
    const raw = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${slack.botToken}`,
      },
      body: new URLSearchParams({ channel: 'C0ALERTS01', text: 't', blocks: '[{not json' }).toString(),
    }).then((r) => r.json());
    expect(raw).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('answers unknown_method for methods it does not implement', async () => {
    const data = await slackError(
      client.apiCall('chat.scheduleMessage', { channel: 'C0ALERTS01', text: 'x' }),
    );
    expect(data).toMatchObject({ error: 'unknown_method', req_method: 'chat.scheduleMessage' });
  });

  it('serves postEphemeral, getPermalink and delete', async () => {
    const eph = await client.chat.postEphemeral({
      channel: 'C0ALERTS01',
      user: 'U0ALICE001',
      text: 'only you',
    });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.ephemerals({ user: 'U0ALICE001' })).toMatchObject([
      { text: 'only you', via: 'chat.postEphemeral' },
    ]);
    expect(
      (await slackError(client.chat.postEphemeral({ channel: 'C0ALERTS01', user: 'U0NOBODY', text: 'x' })))
        .error,
    ).toBe('user_not_found');
    const parent = await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'p' });
    const reply = await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'r', thread_ts: parent.ts! });
    const link = await client.chat.getPermalink({ channel: 'C0ALERTS01', message_ts: reply.ts! });
    expect(link.permalink).toBe(
      `https://acme-sec.slack.com/archives/C0ALERTS01/p${reply.ts!.replace('.', '')}?thread_ts=${parent.ts!}&cid=C0ALERTS01`,
    );
    await client.chat.delete({ channel: 'C0ALERTS01', ts: parent.ts! });
    expect(slack.messages('C0ALERTS01')).toEqual([]);
    expect((await slackError(client.chat.delete({ channel: 'C0ALERTS01', ts: parent.ts! }))).error).toBe(
      'message_not_found',
    );
  });
});

describe('FakeSlack directory methods', () => {
  it('lists user group members, no_such_subteam for unknown groups, and the Free-plan error on demand', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S0APPROVE1' })).users).toEqual([
      'U0BOB00001',
      'U0CAROL001',
    ]);
    expect((await slackError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).error).toBe(
      'no_such_subteam',
    );
    slack.configure({ usergroupsError: 'plan_upgrade_required' });
    expect((await slackError(client.usergroups.users.list({ usergroup: 'S0APPROVE1' }))).error).toBe(
      'plan_upgrade_required',
    );
  });

  it('answers users.info with the flags an approver check needs, user_not_found otherwise', async () => {
    const bob = await client.users.info({ user: 'U0BOB00001' });
    expect(bob.user).toMatchObject({
      id: 'U0BOB00001',
      name: 'bob',
      real_name: 'Bob Approver',
      deleted: false,
      is_bot: false,
    });
    expect((await client.users.info({ user: 'U0GONE0001' })).user?.deleted).toBe(true);
    expect((await client.users.info({ user: 'U0GUEST001' })).user?.is_restricted).toBe(true);
    expect((await slackError(client.users.info({ user: 'U0NOBODY' }))).error).toBe('user_not_found');
  });

  it('answers conversations.info when channels:read is granted, missing_scope otherwise', async () => {
    slack.configure({ scopes: ['chat:write'] });
    expect((await slackError(client.conversations.info({ channel: 'C0ALERTS01' }))).error).toBe(
      'missing_scope',
    );
    slack.configure({ scopes: 'all' });
    const info = await client.conversations.info({ channel: 'C0SECOPS01' });
    expect(info.channel).toMatchObject({
      id: 'C0SECOPS01',
      name: 'sec-ops',
      is_member: false,
      is_private: false,
    });
  });
});
