import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ErrorCode,
  WebClientEvent,
  type WebAPIRateLimitedError,
  type WebAPIRequestError,
} from '@slack/web-api';
import {
  FakeSlack,
  SLACK_TIER_LIMITS,
  type FakeSlackOptions,
} from '../../../../src/stand-ins/slack/index.js';
import { webClient } from './web-client.js';

let slack: FakeSlack | undefined;
afterEach(() => slack?.stop());

/** A fake whose clock only moves when the test says so. */
async function withClock(
  options: FakeSlackOptions = {},
): Promise<{ slack: FakeSlack; advance: (ms: number) => void }> {
  let now = Date.UTC(2024, 3, 5, 12, 0, 0);
  slack = await FakeSlack.start({ ...options, now: () => now });
  return { slack, advance: (ms) => (now += ms) };
}

async function rawPost(fake: FakeSlack, channel: string): Promise<Response> {
  return fetch(`${fake.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Bearer ${fake.botToken}`,
    },
    body: new URLSearchParams({ channel, text: 'alert' }).toString(),
  });
}

describe('FakeSlack rate limits', () => {
  it('allows a burst of 3 posts per channel, then answers 429 ratelimited with Retry-After', async () => {
    const { slack: fake, advance } = await withClock();
    for (let i = 0; i < 3; i++) expect((await rawPost(fake, 'C0ALERTS01')).status).toBe(200);
    const limited = await rawPost(fake, 'C0ALERTS01');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    // Another channel has its own budget.
    expect((await rawPost(fake, 'C0ALERTS02')).status).toBe(200);
    // One token per second comes back.
    advance(1000);
    expect((await rawPost(fake, 'C0ALERTS01')).status).toBe(200);
    expect((await rawPost(fake, 'C0ALERTS01')).status).toBe(429);
    expect(fake.messages('C0ALERTS01')).toHaveLength(4);
  });

  it('counts a channel once whether it is named by id or by #name', async () => {
    const { slack: fake } = await withClock({
      rateLimits: { postMessagePerChannel: { perSecond: 1, burst: 1 } },
    });
    expect((await rawPost(fake, 'C0ALERTS01')).status).toBe(200);
    expect((await rawPost(fake, '#falco-alerts')).status).toBe(429);
  });

  it('tells how long to wait when the budget is far away', async () => {
    const { slack: fake } = await withClock({
      rateLimits: { postMessagePerChannel: { perSecond: 0.2, burst: 1 } },
    });
    await rawPost(fake, 'C0ALERTS01');
    expect((await rawPost(fake, 'C0ALERTS01')).headers.get('retry-after')).toBe('5');
  });

  it('surfaces as WebAPIRateLimitedError with retryAfter when WebClient rejects rate-limited calls', async () => {
    const { slack: fake } = await withClock({
      rateLimits: { postMessagePerChannel: { perSecond: 1, burst: 1 } },
    });
    const client = webClient(fake, { rejectRateLimitedCalls: true });
    await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'first' });
    const error = (await client.chat
      .postMessage({ channel: 'C0ALERTS01', text: 'second' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(1);
  });

  it('is waited out and retried by WebClient when it does not reject rate-limited calls (Retry-After honoured)', async () => {
    slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: { perSecond: 1, burst: 1 } } });
    const client = webClient(slack, { retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    let rateLimitedEvents = 0;
    client.on(WebClientEvent.RATE_LIMITED, () => (rateLimitedEvents += 1));
    await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'first' });
    const started = Date.now();
    const second = await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'second' });
    expect(second.ok).toBe(true);
    expect(rateLimitedEvents).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slack.calls('chat.postMessage').map((c) => c.status)).toEqual([200, 429, 200]);
  });

  it('gives up as a request error when retries run out on repeated 429s', async () => {
    const { slack: fake } = await withClock({
      rateLimits: { postMessagePerChannel: { perSecond: 1, burst: 1 } },
    });
    const client = webClient(fake, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    await client.chat.postMessage({ channel: 'C0ALERTS01', text: 'first' });
    // The clock is frozen, so the channel stays limited.
    const error = (await client.chat
      .postMessage({ channel: 'C0ALERTS01', text: 'x' })
      .catch((e: unknown) => e)) as WebAPIRequestError;
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(error.message).toContain('A rate limit was exceeded');
  });

  it('can switch the post limit off, and apply Slack tier limits per method on request', async () => {
    const { slack: fake, advance } = await withClock({ rateLimits: { postMessagePerChannel: false } });
    for (let i = 0; i < 20; i++) expect((await rawPost(fake, 'C0ALERTS01')).status).toBe(200);
    fake.setRateLimits({ methods: SLACK_TIER_LIMITS });
    const client = webClient(fake, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 20; i++) await client.usergroups.users.list({ usergroup: 'S0APPROVE1' });
    const refused = await client.usergroups.users.list({ usergroup: 'S0APPROVE1' }).catch((e: unknown) => e);
    expect((refused as WebAPIRateLimitedError).retryAfter).toBe(3);
    advance(3000);
    expect((await client.usergroups.users.list({ usergroup: 'S0APPROVE1' })).ok).toBe(true);
  });
});
