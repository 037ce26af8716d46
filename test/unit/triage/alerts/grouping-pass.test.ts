/**
 * Grouping passes over a real store: alerts queued by intake's commit are counted into their groups exactly once,
 * whether the process that stored them grouped them or a later one did (a crash between the two), and a failed pass
 * leaves them queued.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { silentLogger, type Logger } from '../../../../src/logger.js';
import { createMetrics } from '../../../../src/metrics.js';
import { newId } from '../../../../src/store/ids.js';
import type { Store, StoreRepos } from '../../../../src/store/store.js';
import { JOB_GROUP_POST, JOB_GROUP_UPDATE } from '../../../../src/triage/jobs/index.js';
import { createGroupingPasses, type GroupingPasses } from '../../../../src/triage/alerts/index.js';
import { makeAlert, storeTestEnv } from '../../../helpers/store.js';
import { jobs } from '../workflow-fixture.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');

function passesOver(
  store: { transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T> },
  logger: Logger = silentLogger,
): GroupingPasses {
  return createGroupingPasses({
    store,
    grouping: {
      now: () => new Date(T0 + 5000),
      windowMs: 600_000,
      updateDelayMs: 3000,
      maxSamplesPerField: 5,
      newId,
      metrics: createMetrics(),
    },
    logger,
    pollMs: 60_000,
  });
}

describe('grouping passes', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  const started: GroupingPasses[] = [];

  beforeEach(async () => {
    store = await env.fresh();
  });
  afterEach(async () => {
    for (const passes of started.splice(0)) await passes.stop();
  });

  const storm = (count: number, from = 0) =>
    Array.from({ length: count }, (_unused, index) =>
      makeAlert({
        id: newId(T0 + from + index),
        receivedAt: new Date(T0 + from + index),
        fingerprint: 'fp-storm',
        samples: { 'proc.cmdline': `sh -c job-${(from + index) % 7}` },
      }),
    );

  async function groups(): Promise<{ count: number; samples: Record<string, string[]> }[]> {
    const { rows } = await store.db.query<{ count: string | number; samples: Record<string, string[]> }>(
      'SELECT count, samples FROM alert_groups ORDER BY first_seen',
    );
    return rows.map((row) => ({ count: Number(row.count), samples: row.samples }));
  }

  it('groups what an earlier process stored but did not group (a crash in between), exactly once', async () => {
    // The "earlier process": intake's commits, no pass.
    await store.alerts.insert(storm(40), { group: true });
    await store.alerts.insert(storm(25, 40), { group: true });

    const passes = passesOver(store);
    started.push(passes);
    passes.start();
    await passes.drain();
    await passes.drain(); // nothing left: counting again would change the count

    const [group] = await groups();
    expect(await groups()).toHaveLength(1);
    expect(group?.count).toBe(65);
    expect(group?.samples['proc.cmdline']).toHaveLength(5); // capped per field
    expect(await jobs(store, 'pending', JOB_GROUP_POST)).toHaveLength(1);
    expect(await store.backlog.waiting()).toBe(0);
  });

  it('leaves the alerts queued when a pass fails, logs it, and groups them on the next pass', async () => {
    await store.alerts.insert(storm(3), { group: true });
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (_meta, message) => errors.push(message) };
    let failing = true;
    const flaky = {
      transaction: <T>(fn: (tx: StoreRepos) => Promise<T>) =>
        store.transaction((tx) =>
          fn(
            failing
              ? {
                  ...tx,
                  mutes: { ...tx.mutes, live: () => Promise.reject(new Error('connection lost')) } as never,
                }
              : tx,
          ),
        ),
    };
    const passes = passesOver(flaky, logger);
    started.push(passes);

    await passes.drain();
    expect(errors).toEqual([expect.stringContaining('grouping alerts failed')]);
    expect(await store.backlog.waiting()).toBe(3);
    expect(await groups()).toEqual([]);

    failing = false;
    await passes.drain();
    expect((await groups()).map((group) => group.count)).toEqual([3]);
  });

  it('a kick after each commit groups them; later alerts of the group queue an update, not a post', async () => {
    const passes = passesOver(store);
    started.push(passes);
    passes.start();
    await store.alerts.insert(storm(2), { group: true });
    passes.kick();
    await passes.drain();
    await store.alerts.insert(storm(3, 2), { group: true });
    passes.kick();
    await passes.drain();

    expect((await groups()).map((group) => group.count)).toEqual([5]);
    expect(await jobs(store, 'pending', JOB_GROUP_POST)).toHaveLength(1);
    expect(await jobs(store, 'pending', JOB_GROUP_UPDATE)).toHaveLength(1);
  });
});
