/**
 * Reactions in the fake Slack, as the real API keeps them: the bot's reactions.add/remove/get with Slack's errors and
 * scopes, and people's reactions with the events Slack sends the app (only where the bot is a member).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { FakeSlack, manifestBotScopes } from '../../../../src/stand-ins/slack/index.js';
import { webClient } from './web-client.js';

const CHANNEL = 'C0ALERTS01';
const ALICE = 'U0ALICE001';
const BOT = 'U0FALCOBOT';

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: false } });
  client = webClient(slack);
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());
afterEach(() => slack.configure({ scopes: manifestBotScopes() }));

async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as WebAPIPlatformError).data.error;
  }
  throw new Error('expected the call to fail');
}

async function posted(): Promise<string> {
  return (await client.chat.postMessage({ channel: CHANNEL, text: 'alert' })).ts!;
}

describe('reactions.add, reactions.remove and reactions.get', () => {
  it('adds the bot’s reaction once, removes it once, and lists reactions with their users', async () => {
    const ts = await posted();
    await client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'eyes' });
    await client.reactions.add({ channel: CHANNEL, timestamp: ts, name: ':white_check_mark:' });
    expect(await slackError(client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'eyes' }))).toBe(
      'already_reacted',
    );
    slack.react({ channel: CHANNEL, ts, user: ALICE, reaction: 'eyes' });

    const got = await client.reactions.get({ channel: CHANNEL, timestamp: ts, full: true });
    expect(got).toMatchObject({
      ok: true,
      type: 'message',
      channel: CHANNEL,
      message: {
        ts,
        reactions: [
          { name: 'eyes', users: [BOT, ALICE], count: 2 },
          { name: 'white_check_mark', users: [BOT], count: 1 },
        ],
      },
    });

    await client.reactions.remove({ channel: CHANNEL, timestamp: ts, name: 'eyes' });
    expect(await slackError(client.reactions.remove({ channel: CHANNEL, timestamp: ts, name: 'eyes' }))).toBe(
      'no_reaction',
    );
    expect(slack.reactions(CHANNEL, ts)).toEqual({ eyes: [ALICE], white_check_mark: [BOT] });
    expect(slack.botReactions(CHANNEL, ts)).toEqual(['white_check_mark']);
  });

  it('answers Slack’s errors for bad names, timestamps and messages', async () => {
    const ts = await posted();
    expect(
      await slackError(client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'Not An Emoji' })),
    ).toBe('invalid_name');
    expect(
      await slackError(client.reactions.add({ channel: CHANNEL, timestamp: 'yesterday', name: 'eyes' })),
    ).toBe('bad_timestamp');
    expect(await slackError(client.reactions.get({ channel: CHANNEL, timestamp: '1700000000.000001' }))).toBe(
      'message_not_found',
    );
    expect(
      await slackError(client.reactions.remove({ channel: 'C0NOPE', timestamp: ts, name: 'eyes' })),
    ).toBe('channel_not_found');
    await client.reactions.add({ channel: CHANNEL, timestamp: ts, name: '+1::skin-tone-3' });
    expect(slack.botReactions(CHANNEL, ts)).toEqual(['+1::skin-tone-3']);
  });

  it('allows at most 23 different emoji on a message', async () => {
    const ts = await posted();
    for (let index = 0; index < 23; index += 1) {
      slack.react({ channel: CHANNEL, ts, user: ALICE, reaction: `emoji_${index}` });
    }
    expect(await slackError(client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'eyes' }))).toBe(
      'too_many_emoji',
    );
    await client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'emoji_0' });
  });

  it('needs reactions:write to react and reactions:read to read', async () => {
    const ts = await posted();
    slack.configure({ scopes: ['chat:write'] });
    expect(await slackError(client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'eyes' }))).toBe(
      'missing_scope',
    );
    expect(await slackError(client.reactions.remove({ channel: CHANNEL, timestamp: ts, name: 'eyes' }))).toBe(
      'missing_scope',
    );
    expect(await slackError(client.reactions.get({ channel: CHANNEL, timestamp: ts }))).toBe('missing_scope');
  });
});

describe('people reacting', () => {
  it('makes the reaction_added and reaction_removed events Slack sends, with the item and its author', async () => {
    const ts = await posted();

    const added = slack.react({ channel: '#falco-alerts', ts, user: ALICE, reaction: 'eyes' });
    const again = slack.react({ channel: CHANNEL, ts, user: ALICE, reaction: 'eyes' });
    const removed = slack.react({ channel: CHANNEL, ts, user: ALICE, reaction: 'eyes', remove: true });
    const nothing = slack.react({ channel: CHANNEL, ts, user: ALICE, reaction: 'eyes', remove: true });

    expect(added).toEqual({
      event: {
        type: 'reaction_added',
        user: ALICE,
        reaction: 'eyes',
        item_user: BOT,
        item: { type: 'message', channel: CHANNEL, ts },
      },
    });
    expect(again).toEqual({ error: 'already_reacted' });
    expect(removed).toMatchObject({ event: { type: 'reaction_removed', user: ALICE, reaction: 'eyes' } });
    expect(nothing).toEqual({ error: 'no_reaction' });
    expect(slack.reactions(CHANNEL, ts)).toEqual({});
  });

  it('sends no event for a channel the bot is not a member of', async () => {
    const ts = (await client.chat.postMessage({ channel: '#sec-ops', text: 'posted with chat:write.public' }))
      .ts!;

    expect(slack.react({ channel: '#sec-ops', ts, user: ALICE, reaction: 'eyes' })).toEqual({
      event: undefined,
    });
    expect(slack.reactions('#sec-ops', ts)).toEqual({ eyes: [ALICE] });
  });
});
