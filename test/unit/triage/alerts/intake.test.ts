/**
 * Intake through the group-commit writer into a real store: what a batch stores and which Slack work it queues in
 * the outbox (grouping-batch.ts, through the grouping passes), with no HTTP server and no Slack.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '../../../../src/store/ids.js';
import type { Store } from '../../../../src/store/store.js';
import { JOB_GROUP_POST, JOB_GROUP_SAMPLES, JOB_GROUP_UPDATE } from '../../../../src/triage/jobs/index.js';
import { storeTestEnv } from '../../../helpers/store.js';
import {
  ALICE,
  CHANNEL,
  createTestIntake,
  groupItem,
  groupOf,
  intakeItem,
  jobs,
  OTHER_CHANNEL,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';

describe('intake and the alert batch', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let t: TestIntake;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    t = createTestIntake(store, clock, { updateDelayMs: 3000 });
  });
  afterEach(() => t.close());

  it('stores a batch and queues one post per new group, in each channel’s order', async () => {
    const [a, b, c] = [groupItem('a'), groupItem('b'), groupItem('c', { hostname: 'other-node' })];
    const ids = await t.accept(a, b, c);

    expect(ids).toHaveLength(3);
    expect(await store.alerts.get(ids[0] ?? '')).toMatchObject({ channels: [CHANNEL], origin: 'falco' });
    const posts = await jobs(store, 'pending', JOB_GROUP_POST);
    const groups = [await groupOf(store, a), await groupOf(store, b), await groupOf(store, c, OTHER_CHANNEL)];
    expect(posts.map((job) => [job.payload['groupId'], job.orderingKey])).toEqual([
      [groups[0]?.id, `channel:${CHANNEL}`],
      [groups[1]?.id, `channel:${CHANNEL}`],
      [groups[2]?.id, `channel:${OTHER_CHANNEL}`],
    ]);
  });

  it('counts later alerts of a group into it and queues one delayed, coalesced update instead of posts', async () => {
    const item = groupItem('storm');
    await t.accept(item);
    await t.accept(item, item);
    await t.accept(item);

    expect(await jobs(store, 'pending', JOB_GROUP_POST)).toHaveLength(1);
    const updates = await jobs(store, 'pending', JOB_GROUP_UPDATE);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 3000);
    expect((await groupOf(store, item)).count).toBe(4);
  });

  it('queues a thread reply with only the new values of a sampled field', async () => {
    const web = (name: string) => groupItem('sampled', { fields: { 'container.name': name } });
    await t.accept(web('web-0'));
    await t.accept(web('web-1'), web('web-1'));
    await t.accept(web('web-0'));

    const replies = await jobs(store, 'pending', JOB_GROUP_SAMPLES);
    expect(replies.map((job) => job.payload['samples'])).toEqual([{ 'container.name': ['web-1'] }]);
    expect(replies[0]?.orderingKey).toBe(`channel:${CHANNEL}`);
  });

  it('drops what a route drops, and stores a redelivered Falcosidekick event once', async () => {
    const dropped = await t.intake.accept([intakeItem({ hostname: 'drop-node' })], 'falco');
    expect(dropped).toEqual({ ids: [], stored: 0, duplicates: 0, dropped: 1, refused: [] });

    const event = groupItem('sidekick', { uuid: '9f1c1a4e-5b7d-4c47-9a51-3e2f0c7b8d10' });
    const first = await t.intake.accept([event], 'falco');
    const again = await t.intake.accept([event], 'falco');
    expect([first.stored, again.stored, again.duplicates]).toEqual([1, 0, 1]);
    expect(await store.alerts.get(first.ids[0] ?? '')).toMatchObject({ origin: 'falcosidekick' });
    await t.grouped();
    expect(await jobs(store, 'pending', JOB_GROUP_POST)).toHaveLength(1);
    expect((await groupOf(store, event)).count).toBe(1);
  });

  it('stores the alerts of a muted rule without queueing anything for Slack', async () => {
    const item = groupItem('muted');
    await store.mutes.mute({
      id: newId(clock.now().getTime()),
      targetKind: 'rule',
      target: item.alert.rule,
      until: new Date(clock.now().getTime() + 3_600_000),
      createdBy: ALICE,
      reason: 'maintenance',
      createdAt: clock.now(),
    });
    const [id] = await t.accept(item);

    expect(await store.alerts.get(id ?? '')).toBeDefined();
    expect(await jobs(store, 'pending')).toEqual([]);
    expect((await t.metrics.alertsMuted.get()).values[0]?.value).toBe(1);
  });

  it('starts a new group, with a post of its own, once the grouping window has passed', async () => {
    const item = groupItem('quiet');
    await t.accept(item);
    clock.advance(599_000);
    await t.accept(item);
    clock.advance(600_001);
    await t.accept(item);

    const posts = await jobs(store, 'pending', JOB_GROUP_POST);
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((job) => job.payload['groupId'])).size).toBe(2);
    expect((await groupOf(store, item)).count).toBe(1);
  });
});
