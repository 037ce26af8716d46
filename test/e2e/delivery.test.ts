/**
 * Slack delivery end to end: alerts POSTed to the real bot over HTTP, Slack played by the fake Web API server.
 * Grouping and counters (storm → one message, coalesced updates, exact count), sampled thread replies, the
 * grouping window, and Slack failing: 429 with Retry-After (scheduled, and the fake's own per-channel limiter),
 * 500s, dropped connections and stalls, with nothing lost and the per-channel order kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { RecordedCall } from '../../src/stand-ins/slack/index.js';
import { counterOf, eventually, groupAlert, makeAlert, type AlertChanges } from './helpers/alerts.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

/**
 * One bot for the file (starting one costs seconds); each test gets a channel of its own through a route on the
 * alert's hostname, so pacing, slow-downs and message lists do not leak between tests.
 */
const CHANNELS = Array.from({ length: 9 }, (_, index) => `C0DELIV00${index + 1}`);
let t: TestBot;
let routesDir: string;
let offsetMs = 0;

beforeAll(async () => {
  routesDir = mkdtempSync(join(tmpdir(), 'falco-triage-delivery-'));
  const routes = CHANNELS.map(
    (channel, index) => `  - match: { hostnames: ["t${index + 1}-*"] }\n    channels: [${channel}]`,
  );
  writeFileSync(join(routesDir, 'routes.yaml'), `routes:\n${routes.join('\n')}\n`);
  t = await startTestBot({
    env: { ROUTES_FILE: join(routesDir, 'routes.yaml'), GROUP_WINDOW_SECONDS: '600' },
    slackOptions: {
      workspace: {
        channels: [
          { id: ALERTS_CHANNEL, name: 'falco-alerts', isMember: true },
          ...CHANNELS.map((id, index) => ({ id, name: `delivery-${index + 1}`, isMember: true })),
        ],
      },
    },
    // A tight pace: the tests that are about Slack's limit switch the fake's limiter on.
    bot: {
      delivery: { channelIntervalMs: 10, pollMs: 20, updateDelayMs: 300 },
      clock: { now: () => new Date(Date.now() + offsetMs) },
    },
  });
});

afterAll(async () => {
  await t.stop();
  rmSync(routesDir, { recursive: true, force: true });
});

beforeEach(() => {
  t.slack.setRateLimits({ postMessagePerChannel: false });
});

/** Test `n`'s channel, and alert changes that route there. */
function lane(n: number): { channel: string; host: AlertChanges } {
  return { channel: CHANNELS[n - 1] ?? '', host: { hostname: `t${n}-node` } };
}

/** Alert counts of the groups posted to `channel`. */
async function groupCounts(channel: string): Promise<number[]> {
  const { rows } = await t.bot.store.db.query<{ count: number }>(
    'SELECT count FROM alert_groups WHERE channel = $1 ORDER BY first_seen',
    [channel],
  );
  return rows.map((row) => Number(row.count));
}

/** Calls of `method` on `channel`. */
function callsIn(method: string, channel: string): RecordedCall[] {
  return t.slack.calls(method).filter((call) => call.args.channel === channel);
}

/** Top-level posts (not thread replies) the fake answered with ok. */
function okPosts(channel: string): RecordedCall[] {
  return callsIn('chat.postMessage', channel).filter(
    (call) => call.status === 200 && call.args.thread_ts === undefined,
  );
}

/** The `/data/<name>` file of each top-level message in the channel, in the order Slack shows them. */
function postedFiles(channel: string): (string | undefined)[] {
  return t.slack
    .messages(channel)
    .map((message) => /\/data\/([\w-]+)/.exec(JSON.stringify(message.content.blocks))?.[1]);
}

function counters(channel: string): number[] {
  return t.slack.messages(channel).map((message) => counterOf(message.content.text));
}

/** Each 429 answer in the channel, and how long the bot waited before its next postMessage there. */
function retryGaps(channel: string): { retryAfterMs: number; waitedMs: number | undefined }[] {
  const posts = callsIn('chat.postMessage', channel);
  return posts.flatMap((call, index) => {
    if (call.status !== 429) return [];
    const retryAfterMs = 1000; // every 429 in these tests says Retry-After: 1
    const next = posts[index + 1];
    return [{ retryAfterMs, waitedMs: next === undefined ? undefined : next.atMs - call.atMs }];
  });
}

describe('grouping and counters', () => {
  it('turns a storm of one fingerprint into one message whose counter ends exact', async () => {
    const { channel, host } = lane(1);
    const clients = 30;
    const perClient = 20;
    const total = clients * perClient;

    const statuses = await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        const seen: number[] = [];
        for (let i = 0; i < perClient; i += 1) {
          const alert = makeAlert({ ...host, fields: { 'proc.pid': client * 1000 + i } });
          // Mostly single alerts, as Falco's http_output sends them; every fifth request a one-item array.
          seen.push((await t.post('/falco/alerts', i % 5 === 4 ? [alert] : alert)).status);
        }
        return seen;
      }),
    );

    expect(statuses.flat().filter((status) => status !== 202)).toEqual([]);
    const [message] = await t.slack.waitFor(
      () => {
        const messages = t.slack.messages(channel);
        return messages.length === 1 && counterOf(messages[0]?.content.text ?? '') === total && messages;
      },
      { timeoutMs: 20_000, what: `one message showing ×${total}` },
    );
    expect(JSON.stringify(message?.content.blocks)).toContain(`*×${total}*`);
    expect(okPosts(channel)).toHaveLength(1);
    // Coalesced: about one chat.update per update delay (300 ms here) while the storm lasts, not one per alert.
    const updates = callsIn('chat.update', channel);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThan(total / 10);
    const spanMs = (updates.at(-1)?.atMs ?? 0) - (okPosts(channel)[0]?.atMs ?? 0);
    expect(updates.length).toBeLessThanOrEqual(2 + (1.5 * spanMs) / 300);
    expect(await groupCounts(channel)).toEqual([total]);
    // Same container, same command: nothing new to sample.
    expect(t.slack.thread(channel, message?.ts ?? '')).toHaveLength(0);
  }, 40_000);

  it('replies in the thread with new values of a sampled field, a few per field at most', async () => {
    const { channel, host } = lane(2);
    const alert = (container: string): Record<string, unknown> =>
      makeAlert({ ...host, fields: { 'container.name': container } });
    await t.post('/falco/alerts', alert('web-0'));
    const [message] = await t.slack.waitFor(
      () => t.slack.messages(channel).length === 1 && t.slack.messages(channel),
      { what: 'the first post' },
    );
    const ts = message?.ts ?? '';

    for (let i = 1; i <= 7; i += 1) {
      expect((await t.post('/falco/alerts', alert(`web-${i}`))).status).toBe(202);
    }

    await t.slack.waitFor(
      () => JSON.stringify(t.slack.thread(channel, ts).map((reply) => reply.content)).includes('web-4'),
      { timeoutMs: 10_000, what: 'a thread reply naming web-4' },
    );
    await t.slack.waitFor(() => counters(channel)[0] === 8, { timeoutMs: 10_000, what: 'the counter at ×8' });
    const shown = JSON.stringify(t.slack.thread(channel, ts).map((reply) => reply.content.blocks));
    for (const value of ['web-1', 'web-2', 'web-3', 'web-4']) expect(shown).toContain(value);
    // Five values per field are sampled (web-0 came with the first post); later values are counted, not replied.
    expect(shown).not.toMatch(/web-[567]/);
    expect(t.slack.thread(channel, ts).length).toBeLessThanOrEqual(4);
    expect(t.slack.messages(channel)).toHaveLength(1);
    expect(t.slack.orphanedReplies()).toEqual([]);
  }, 30_000);

  it('gives different fingerprints different messages', async () => {
    const { channel, host } = lane(3);

    for (const name of ['alpha', 'beta', 'gamma']) {
      expect((await t.post('/falco/alerts', groupAlert(name, host))).status).toBe(202);
    }
    await t.post('/falco/alerts', [groupAlert('beta', host), groupAlert('beta', host)]);

    await t.slack.waitFor(() => counters(channel).join() === '1,3,1', {
      what: 'three messages counting 1, 3 and 1',
    });
    expect(postedFiles(channel)).toEqual(['alpha', 'beta', 'gamma']);
    expect(await groupCounts(channel)).toEqual([1, 3, 1]);
  });

  it('starts a new message once the grouping window has passed', async () => {
    const { channel, host } = lane(4);

    await t.post('/falco/alerts', makeAlert(host));
    await t.post('/falco/alerts', makeAlert(host));
    offsetMs += 9 * 60_000; // still inside the 10-minute window: the same message
    await t.post('/falco/alerts', makeAlert(host));
    await t.slack.waitFor(() => counters(channel).join() === '3', { what: 'the first message at ×3' });
    offsetMs += 10 * 60_000 + 1000; // quiet for longer than the window
    await t.post('/falco/alerts', makeAlert(host));

    await t.slack.waitFor(() => counters(channel).join() === '3,1', { what: 'a second message' });
    const { rows } = await t.bot.store.db.query<{ closed: boolean }>(
      'SELECT closed_at IS NOT NULL AS closed FROM alert_groups WHERE channel = $1 ORDER BY first_seen',
      [channel],
    );
    expect(rows.map((row) => row.closed)).toEqual([true, false]);
  });
});

describe('when people delete the message', () => {
  it('posts a new message for the group with its next alert', async () => {
    const { channel, host } = lane(8);
    await t.post('/falco/alerts', makeAlert(host));
    const [first] = await t.slack.waitFor(
      () => t.slack.messages(channel).length === 1 && t.slack.messages(channel),
    );
    const deleted = await fetch(`${t.slack.apiUrl}chat.delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.slack.botToken}` },
      body: JSON.stringify({ channel, ts: first?.ts }),
    });
    expect(await deleted.json()).toMatchObject({ ok: true });

    // The storm goes on: the next update finds the message gone, the alert after that brings a new one.
    await t.post('/falco/alerts', makeAlert(host));
    await t.slack.waitFor(
      () =>
        callsIn('chat.update', channel).some(
          (call) => call.status === 200 && JSON.stringify(call.response).includes('message_not_found'),
        ),
      { what: 'the update to find the message gone' },
    );
    // The fake records the answer before the bot acts on it: wait until the bot has forgotten the message.
    await eventually(async () => {
      const { rows } = await t.bot.store.db.query<{ slack_ts: string | null }>(
        'SELECT slack_ts FROM alert_groups WHERE channel = $1',
        [channel],
      );
      return rows.length === 1 && rows.every((row) => row.slack_ts === null);
    }, 'the bot to forget the deleted message');
    await t.post('/falco/alerts', makeAlert(host));

    const [second] = await t.slack.waitFor(
      () => counters(channel).join() === '3' && t.slack.messages(channel),
      {
        what: 'a new message counting all three alerts',
      },
    );
    expect(second?.ts).not.toBe(first?.ts);
    expect(await groupCounts(channel)).toEqual([3]);
    expect(await t.bot.store.outbox.stats(new Date(Date.now() + offsetMs))).toMatchObject({ dead: 0 });
  });
});

describe('when Slack pushes back', () => {
  it('honours a 429 Retry-After and keeps the channel order', async () => {
    const { channel, host } = lane(5);
    t.slack.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 1 });
    const names = ['one', 'two', 'three', 'four'];

    for (const name of names)
      expect((await t.post('/falco/alerts', groupAlert(name, host))).status).toBe(202);

    await t.slack.waitFor(() => t.slack.messages(channel).length === 4, {
      timeoutMs: 15_000,
      what: 'four messages',
    });
    expect(postedFiles(channel)).toEqual(names);
    const gaps = retryGaps(channel);
    expect(gaps).toHaveLength(1);
    for (const gap of gaps) expect(gap.waitedMs).toBeGreaterThanOrEqual(gap.retryAfterMs - 20);
    expect(t.slack.pendingFaults()).toBe(0);
  }, 30_000);

  it("follows the fake's own per-channel limit without a second 429 storm", async () => {
    // The bot posts every 10 ms; Slack allows a burst of 3 per channel, then one per second.
    t.slack.setRateLimits({});
    const { channel, host } = lane(6);
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];

    for (const name of names) await t.post('/falco/alerts', groupAlert(name, host));

    await t.slack.waitFor(() => t.slack.messages(channel).length === names.length, {
      timeoutMs: 20_000,
      what: `${names.length} messages`,
    });
    expect(postedFiles(channel)).toEqual(names);
    const gaps = retryGaps(channel);
    // One 429 (none when the machine is slow enough) taught the bot the channel's pace: it waited Retry-After,
    // then kept to it.
    expect(gaps.length).toBeLessThanOrEqual(1);
    for (const gap of gaps) expect(gap.waitedMs).toBeGreaterThanOrEqual(gap.retryAfterMs - 20);
  }, 30_000);

  it('retries 500s, dropped connections and stalls without losing or duplicating a message', async () => {
    const { channel, host } = lane(7);
    t.slack.failNext('chat.postMessage', { kind: 'status', status: 500 });
    t.slack.failNext('chat.postMessage', { kind: 'close' });
    t.slack.failNext('chat.postMessage', { kind: 'timeout', holdMs: 200 });

    for (const name of ['first', 'second', 'third']) await t.post('/falco/alerts', groupAlert(name, host));
    await t.slack.waitFor(() => t.slack.messages(channel).length === 3, {
      timeoutMs: 20_000,
      what: 'three messages',
    });
    t.slack.failNext('chat.update', { kind: 'status', status: 503 });
    t.slack.failNext('chat.update', { kind: 'close' });
    await t.post('/falco/alerts', [groupAlert('first', host), groupAlert('first', host)]);

    await t.slack.waitFor(() => counters(channel).join() === '3,1,1', {
      timeoutMs: 20_000,
      what: 'the first message at ×3',
    });
    expect(postedFiles(channel)).toEqual(['first', 'second', 'third']);
    expect(okPosts(channel)).toHaveLength(3);
    expect(t.slack.pendingFaults()).toBe(0);
    // Slack has applied the last update a moment before the bot records the job as done: wait for the outbox
    // to drain rather than read it once.
    const drained = await eventually(async () => {
      const stats = await t.bot.store.outbox.stats(new Date(Date.now() + offsetMs));
      return stats.pending === 0 && stats.leased === 0 && stats;
    }, 'the outbox to drain');
    expect(drained).toMatchObject({ pending: 0, leased: 0, dead: 0 });
  }, 40_000);
});
