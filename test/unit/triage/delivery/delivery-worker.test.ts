/**
 * The delivery worker over a real outbox (PGlite) with the in-memory chat: per-channel order and pace, Slack's
 * Retry-After, backoff on outages, giving up, updates and thread replies. The test owns the clock and runs the
 * worker one round at a time, so every wait is exact and nothing sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../../src/logger.js';
import { createMetrics } from '../../../../src/metrics.js';
import type { Store } from '../../../../src/store/store.js';
import type { DeliveryWorker } from '../../../../src/triage/delivery/delivery-worker.js';
import { createDeliveryWorker } from '../../../../src/triage/delivery/index.js';
import { JOB_GROUP_POST } from '../../../../src/triage/jobs/index.js';
import { chatErrors, InMemoryChat } from '../../../doubles/in-memory-chat.js';
import { storeTestEnv } from '../../../helpers/store.js';
import {
  CHANNEL,
  createTestIntake,
  fingerprint,
  groupItem,
  groupOf,
  jobs,
  OTHER_CHANNEL,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';

describe('delivery worker', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let t: TestIntake;
  let chat: InMemoryChat;
  let worker: DeliveryWorker;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    t = createTestIntake(store, clock, { updateDelayMs: 3000 });
    chat = new InMemoryChat({ channels: [CHANNEL, OTHER_CHANNEL], now: () => clock.now().getTime() });
    worker = createDeliveryWorker({
      store,
      chat,
      clock,
      logger: silentLogger,
      metrics: createMetrics(),
      view: { fingerprint, proposalsAvailable: true },
      workerId: 'worker-1',
      // Jitter fixed at the middle: a backoff of n seconds waits 0.75 n.
      random: () => 0.5,
      channelIntervalMs: 1000,
      maxAttempts: 3,
      giveUpAfterMs: 60_000,
      exclusiveStore: false,
    });
  });
  afterEach(() => t.close());

  /** The file each alert message of the channel is about, in the order people see them. */
  function posted(channel: string): unknown[] {
    return chat
      .messages(channel)
      .map((message) =>
        message.content.kind === 'group' ? message.content.view.fields['fd.name'] : undefined,
      );
  }

  /** Advances the clock, then runs one round; returns how many jobs ran. */
  async function after(ms: number): Promise<number> {
    clock.advance(ms);
    return worker.runOnce();
  }

  it('posts a channel’s messages in order at its pace, while another channel goes on independently', async () => {
    await t.accept(
      groupItem('a1'),
      groupItem('a2'),
      groupItem('b1', { hostname: 'other-node' }),
      groupItem('a3'),
    );

    expect(await worker.runOnce()).toBe(2);
    expect(posted(CHANNEL)).toEqual(['/data/a1']);
    expect(posted(OTHER_CHANNEL)).toEqual(['/data/b1']);
    expect(await after(999)).toBe(0);
    expect(await after(1)).toBe(1);
    expect(await after(1000)).toBe(1);
    expect(posted(CHANNEL)).toEqual(['/data/a1', '/data/a2', '/data/a3']);
    expect((await groupOf(store, groupItem('a1'))).slackTs).toBe(chat.messages(CHANNEL)[0]?.ts);
  });

  it('holds a rate-limited channel for Retry-After and slows it down, without holding other channels', async () => {
    await t.accept(groupItem('a1'), groupItem('a2'));
    chat.failNext('postGroup', chatErrors.rateLimited(5));

    expect(await worker.runOnce()).toBe(1);
    const [waiting] = await jobs(store, 'pending', JOB_GROUP_POST);
    expect(waiting?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 5000);
    expect(waiting?.lastError).toBe('ratelimited');
    await t.accept(groupItem('b1', { hostname: 'other-node' }));
    expect(await worker.runOnce()).toBe(1);
    expect(posted(OTHER_CHANNEL)).toEqual(['/data/b1']);

    expect(await after(4999)).toBe(0);
    expect(await after(1)).toBe(1);
    // After a 429 the channel's next message waits Retry-After, not the usual second.
    expect(await after(1000)).toBe(0);
    expect(await after(4000)).toBe(1);
    expect(posted(CHANNEL)).toEqual(['/data/a1', '/data/a2']);
  });

  it('retries an outage with exponential backoff, and posts once Slack is back', async () => {
    await t.accept(groupItem('a1'));
    chat.failNext('postGroup', chatErrors.unavailable(503), 2);

    expect(await worker.runOnce()).toBe(1);
    expect(await after(749)).toBe(0);
    expect(await after(1)).toBe(1);
    expect(await after(1499)).toBe(0);
    expect(await after(1)).toBe(1);

    expect(posted(CHANNEL)).toEqual(['/data/a1']);
    expect(chat.attempts.map((attempt) => attempt.error?.code)).toEqual(['http_503', 'http_503', undefined]);
    expect(await jobs(store, 'done', JOB_GROUP_POST)).toHaveLength(1);
  });

  it('gives up on an outage only once the job is both retried out and old', async () => {
    await t.accept(groupItem('a1'));
    chat.failNext('postGroup', chatErrors.unavailable(502), 10);

    await worker.runOnce();
    await after(750);
    await after(1500);
    const [third] = await jobs(store, 'pending', JOB_GROUP_POST);
    expect(third?.attempts).toBe(3);
    expect(await after(60_000)).toBe(1);

    const [dead] = await jobs(store, 'dead', JOB_GROUP_POST);
    expect(dead).toMatchObject({ attempts: 4, lastError: 'http_502: Bad Gateway' });
  });

  it('gives up on a permanent error at once; the group’s next alert a minute later posts it again', async () => {
    const item = groupItem('a1');
    await t.accept(item);
    chat.failNext('postGroup', chatErrors.permanent('not_in_channel'));
    await worker.runOnce();
    expect(await jobs(store, 'dead', JOB_GROUP_POST)).toHaveLength(1);

    clock.advance(10_000);
    await t.accept(item);
    expect(await jobs(store, 'pending')).toEqual([]);

    clock.advance(60_000);
    await t.accept(item);
    expect(await worker.runOnce()).toBe(1);
    const [message] = chat.messages(CHANNEL);
    expect(message?.content).toMatchObject({ kind: 'group', view: { count: 3 } });
  });

  it('updates the message with the latest count, and posts a new one after it was deleted in Slack', async () => {
    const item = groupItem('a1');
    await t.accept(item);
    await t.accept(item);
    await worker.runOnce();
    await t.accept(item);
    expect(await after(3000)).toBe(1);
    const [message] = chat.messages(CHANNEL);
    expect(message?.edits).toHaveLength(1);
    expect(message?.content).toMatchObject({ kind: 'group', view: { count: 3 } });

    chat.deleteMessage(CHANNEL, message?.ts ?? '');
    await t.accept(item);
    expect(await after(3000)).toBe(1);
    expect((await groupOf(store, item)).slackTs).toBeNull();
    await t.accept(item);
    expect(await worker.runOnce()).toBe(1);
    expect(chat.messages(CHANNEL).map((m) => m.content)).toEqual([
      expect.objectContaining({ kind: 'group', view: expect.objectContaining({ count: 5 }) }),
    ]);
  });

  it('replies in the message’s thread with new sample values, after its post and at the channel’s pace', async () => {
    const web = (name: string) => groupItem('a1', { fields: { 'container.name': name } });
    await t.accept(web('web-0'));
    await t.accept(web('web-1'));

    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    expect(await after(1000)).toBe(1);
    const [message] = chat.messages(CHANNEL);
    expect(chat.thread(CHANNEL, message?.ts ?? '').map((reply) => reply.content)).toEqual([
      {
        kind: 'reply',
        reply: { kind: 'samples', rule: web('x').alert.rule, samples: { 'container.name': ['web-1'] } },
      },
    ]);
  });
});
