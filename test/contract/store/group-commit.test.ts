import { describe, expect, it } from '@jest/globals';
import { createGroupCommit, type GroupCommitOptions } from '../../../src/store/group-commit.js';
import type { Store } from '../../../src/store/store.js';
import { makeAlert, storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { InsertedAlert, NewAlert } from '../../../src/triage/ports/index.js';

type Options = Partial<GroupCommitOptions<NewAlert, InsertedAlert>>;

function alertWriter(store: Store, options: Options = {}) {
  return createGroupCommit<NewAlert, InsertedAlert>({
    commit: (alerts) => store.alerts.insert(alerts),
    ...options,
  });
}

const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

describe.each(storeBackends())('group commit (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('coalesces many concurrent writers into few transactions, each resolved only once its rows are committed', async () => {
    const store = await env.fresh();
    const writer = alertWriter(store, { maxBatchItems: 500, maxDelayMs: 5 });
    const writers = 200;
    const visibleAfterResolve: boolean[] = [];
    const requests = Array.from({ length: writers }, async (_, index) => {
      const alerts = Array.from({ length: 5 }, () =>
        makeAlert({ dedupeKey: index % 50 === 0 ? `dup-${index}` : null }),
      );
      const results = await writer.write(alerts);
      // Read outside the writer's transaction: only committed rows are visible here.
      const stored = await store.alerts.getMany(results.map((result) => result.id));
      visibleAfterResolve.push(stored.length === alerts.length);
      return results;
    });
    const results = await Promise.all(requests);
    expect(results.flat()).toHaveLength(writers * 5);
    expect(visibleAfterResolve).toEqual(Array.from({ length: writers }, () => true));
    const stats = writer.stats();
    expect(stats.items).toBe(writers * 5);
    expect(stats.batches).toBeLessThanOrEqual(writers / 5);
    expect(stats.batches).toBeGreaterThanOrEqual(2); // 1,000 items cannot fit one batch of 500
    expect(await store.alerts.count({ since: new Date(0) })).toBe(writers * 5 - 4 * 4); // 4 duplicated uuids × 4 repeats
  }, 60_000);

  it('stores a uuid once when two bulk-loaded batches carrying it commit at the same time', async () => {
    const store = await env.fresh();
    const writer = alertWriter(store, { maxBatchItems: 100, maxInFlight: 2 });
    // Two batches of 100 (bulk-loaded with COPY), each with the same redelivered uuid; on PostgreSQL they commit on
    // two connections at once, so neither lookup can see the other's key.
    const batch = () => [
      makeAlert({ dedupeKey: 'redelivered' }),
      ...Array.from({ length: 99 }, () => makeAlert()),
    ];
    const [first, second] = await Promise.all([writer.write(batch()), writer.write(batch())]);
    const flags = [first?.[0]?.duplicate, second?.[0]?.duplicate];
    expect(flags.sort()).toEqual([false, true]);
    expect(first?.[0]?.id).toBe(second?.[0]?.id);
    expect(await store.alerts.count({ since: new Date(0) })).toBe(199);
  }, 60_000);

  it('retries the writers of a batch whose commit fails one by one: only the writer of the refused value rejects', async () => {
    const store = await env.fresh();
    const batches: { items: number; writers: number; error?: unknown }[] = [];
    const writer = alertWriter(store, { maxDelayMs: 50, onBatch: (batch) => batches.push(batch) });
    const good = [makeAlert(), makeAlert()];
    const poisoned = makeAlert({ priorityLevel: 12 }); // violates the priority CHECK: the commit fails
    const outcomes = await settle([
      writer.write([good[0] as NewAlert]),
      writer.write([poisoned]),
      writer.write([good[1] as NewAlert]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({
      reason: { code: 'store_data_error', message: expect.stringContaining('SQLSTATE 23514') },
    });
    // The shared batch failed, then each writer committed (or failed) alone.
    expect(batches.map((batch) => [batch.writers, batch.error !== undefined])).toEqual([
      [3, true],
      [1, false],
      [1, true],
      [1, false],
    ]);
    expect((await store.alerts.getMany(good.map((alert) => alert.id))).map((alert) => alert.id)).toEqual(
      good.map((alert) => alert.id),
    );
    expect(await store.alerts.get(poisoned.id)).toBeUndefined();
    expect(writer.stats()).toMatchObject({ batches: 2, failedBatches: 2, items: 2 });
  });

  it('rejects every writer at once while the store is unavailable', async () => {
    const store = await env.fresh();
    const writer = alertWriter(store, { maxDelayMs: 50 });
    await store.close();
    const outcomes = await settle([writer.write([makeAlert()]), writer.write([makeAlert()])]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'rejected',
        reason: expect.objectContaining({ code: 'store_unavailable' }),
      }),
      expect.objectContaining({
        status: 'rejected',
        reason: expect.objectContaining({ code: 'store_unavailable' }),
      }),
    ]);
    expect(writer.stats()).toMatchObject({ batches: 0, failedBatches: 1 });
  });

  it('cuts batches at maxBatchItems but never splits one writer', async () => {
    const store = await env.fresh();
    const sizes: number[] = [];
    const writer = alertWriter(store, {
      maxBatchItems: 10,
      maxDelayMs: 20,
      onBatch: (batch) => sizes.push(batch.items),
    });
    const large = Array.from({ length: 15 }, () => makeAlert());
    await Promise.all([
      ...Array.from({ length: 12 }, () => writer.write([makeAlert()])),
      writer.write(large),
      writer.write([makeAlert()]),
    ]);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(28);
    expect(sizes).toContain(15);
    expect(sizes.every((size) => size <= 10 || size === 15)).toBe(true);
  });

  it('refuses writes beyond maxQueuedItems with store_unavailable (so intake can answer 503), then recovers', async () => {
    const store = await env.fresh();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer = createGroupCommit<NewAlert, InsertedAlert>({
      commit: async (alerts) => {
        await gate;
        return store.alerts.insert(alerts);
      },
      maxDelayMs: 1,
      maxQueuedItems: 3,
    });
    const inFlight = writer.write([makeAlert()]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the first batch start (and block)
    const queued = writer.write([makeAlert(), makeAlert()]);
    await expect(writer.write([makeAlert(), makeAlert()])).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    release();
    await expect(inFlight).resolves.toHaveLength(1);
    await expect(queued).resolves.toHaveLength(2);
    await expect(writer.write([makeAlert()])).resolves.toHaveLength(1);
  });

  it('flushes on close and refuses writes afterwards', async () => {
    const store = await env.fresh();
    const writer = alertWriter(store, { maxDelayMs: 10_000 });
    const pending = writer.write([makeAlert()]);
    await writer.close();
    await expect(pending).resolves.toHaveLength(1);
    await expect(writer.write([makeAlert()])).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});
