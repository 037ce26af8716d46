import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import { makeAlert, storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { NewAlert } from '../../../src/triage/ports/index.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');

function alert(index: number, overrides: Partial<NewAlert> = {}): NewAlert {
  return makeAlert({
    id: newId(T0 + index),
    receivedAt: new Date(T0 + index),
    fingerprint: `fp-${index % 3}`,
    samples: { 'proc.cmdline': `cat /etc/shadow-${index}` },
    ...overrides,
  });
}

describe.each(storeBackends())('grouping backlog (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('queues the new alerts that go to a channel with their grouping data, in the commit that stores them', async () => {
    const store = await env.fresh();
    const posted = alert(1, { channels: ['C1', 'C2'], falcoTarget: 'prod' });
    const storedOnly = alert(2, { channels: [] });

    await store.alerts.insert([posted, storedOnly], { group: true });

    expect(await store.backlog.take(100)).toEqual([
      {
        alertId: posted.id,
        fingerprint: 'fp-1',
        channels: ['C1', 'C2'],
        rule: posted.rule,
        at: posted.receivedAt,
        falcoTarget: 'prod',
        samples: { 'proc.cmdline': 'cat /etc/shadow-1' },
      },
    ]);
    expect(await store.backlog.waiting()).toBe(0);
  });

  it('queues nothing without `group`, and never a duplicate (stored before or earlier in the same batch)', async () => {
    const store = await env.fresh();
    await store.alerts.insert([alert(1, { dedupeKey: 'uuid-1' })]);
    expect(await store.backlog.waiting()).toBe(0);

    const again = alert(2, { dedupeKey: 'uuid-1' });
    const fresh = alert(3, { dedupeKey: 'uuid-3' });
    const twin = alert(4, { dedupeKey: 'uuid-3' });
    const results = await store.alerts.insert([again, fresh, twin], { group: true });

    expect(results.map((result) => result.duplicate)).toEqual([true, false, true]);
    expect((await store.backlog.take(100)).map((item) => item.alertId)).toEqual([fresh.id]);
  });

  it('queues every alert of a batch bigger than one statement, once', async () => {
    const store = await env.fresh();
    // About 3 KB of text each: several statements (PostgreSQL) or COPY chunks (embedded).
    const alerts = Array.from({ length: 120 }, (_unused, index) =>
      alert(index, { output: 'x'.repeat(3000) }),
    );

    await store.alerts.insert(alerts, { group: true });

    const taken = await store.backlog.take(1000);
    expect(taken.map((item) => item.alertId)).toEqual(alerts.map((item) => item.id));
  });

  it('takes whole intake batches, oldest first, about maxItems (at least one batch)', async () => {
    const store = await env.fresh();
    const a = [1, 2, 3, 4, 5, 6].map((index) => alert(index));
    await store.alerts.insert(a.slice(0, 3), { group: true });
    await store.alerts.insert(a.slice(3, 4), { group: true });
    await store.alerts.insert(a.slice(4), { group: true });

    const ids = async (max: number) => (await store.backlog.take(max)).map((item) => item.alertId);
    expect(await ids(2)).toEqual(a.slice(0, 3).map((item) => item.id));
    expect(await ids(3)).toEqual(a.slice(3).map((item) => item.id));
    expect(await ids(3)).toEqual([]);
  });

  it('puts the items back when the transaction that took them fails', async () => {
    const store = await env.fresh();
    await store.alerts.insert([alert(1)], { group: true });

    await expect(
      store.transaction(async (tx) => {
        expect(await tx.backlog.take(10)).toHaveLength(1);
        throw new Error('grouping failed');
      }),
    ).rejects.toThrow('grouping failed');

    expect(await store.backlog.waiting()).toBe(1);
  });
});
