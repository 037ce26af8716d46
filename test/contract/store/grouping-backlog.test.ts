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

    expect((await store.backlog.take(100)).items).toEqual([
      {
        fingerprint: 'fp-1',
        channels: ['C1', 'C2'],
        rule: posted.rule,
        falcoTarget: 'prod',
        count: 1,
        firstAlertId: posted.id,
        lastAlertId: posted.id,
        firstAt: posted.receivedAt,
        at: posted.receivedAt,
        samples: { 'proc.cmdline': ['cat /etc/shadow-1'] },
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
    expect((await store.backlog.take(100)).items.map((item) => [item.lastAlertId, item.count])).toEqual([
      [fresh.id, 1],
    ]);
  });

  it('counts the alerts of a commit with the same fingerprint, channels and target into one item', async () => {
    const store = await env.fresh();
    const alerts = [0, 1, 2, 3, 4, 5, 6].map((index) => alert(index * 3)); // all fp-0
    const elsewhere = alert(1, { fingerprint: 'fp-0', channels: ['C9'] });

    await store.alerts.insert([...alerts, elsewhere], { group: true });

    expect((await store.backlog.take(100)).items).toEqual([
      expect.objectContaining({
        fingerprint: 'fp-0',
        channels: ['C0123456789'],
        count: 7,
        firstAlertId: alerts[0]?.id,
        lastAlertId: alerts[6]?.id,
        firstAt: alerts[0]?.receivedAt,
        at: alerts[6]?.receivedAt,
        samples: { 'proc.cmdline': alerts.map((item) => item.samples?.['proc.cmdline']) },
      }),
      expect.objectContaining({ channels: ['C9'], count: 1, lastAlertId: elsewhere.id }),
    ]);
  });

  it('queues every alert of a batch bigger than one statement, once, with or without dedupe keys', async () => {
    const store = await env.fresh();
    // About 3 KB of text each: several statements (PostgreSQL) or COPY chunks (embedded).
    const plain = Array.from({ length: 120 }, (_unused, index) => alert(index, { output: 'x'.repeat(3000) }));
    const keyed = plain.map((item, index) => ({
      ...item,
      id: newId(T0 + 500 + index),
      dedupeKey: `k-${index}`,
    }));

    await store.alerts.insert(plain, { group: true });
    await store.alerts.insert(keyed, { group: true });

    expect(await store.backlog.waiting()).toBe(240);
    const { items: taken, more } = await store.backlog.take(1000);
    expect(more).toBe(false);
    expect(taken.reduce((sum, item) => sum + item.count, 0)).toBe(240);
    expect(new Set(taken.map((item) => item.lastAlertId)).size).toBe(taken.length);
  });

  it('takes whole intake batches, oldest first, about maxItems (at least one batch)', async () => {
    const store = await env.fresh();
    const a = [1, 2, 3, 4, 5, 6].map((index) => alert(index));
    await store.alerts.insert(a.slice(0, 3), { group: true });
    await store.alerts.insert(a.slice(3, 4), { group: true });
    await store.alerts.insert(a.slice(4), { group: true });

    const take = async (max: number) => {
      const { items, more } = await store.backlog.take(max);
      return { ids: items.map((item) => item.lastAlertId), more };
    };
    // fp-1, fp-2, fp-0 | fp-1 | fp-2, fp-0
    expect(await take(2)).toEqual({ ids: a.slice(0, 3).map((item) => item.id), more: true });
    expect(await take(3)).toEqual({ ids: a.slice(3).map((item) => item.id), more: false });
    expect(await take(3)).toEqual({ ids: [], more: false });
  });

  it('puts the items back when the transaction that took them fails', async () => {
    const store = await env.fresh();
    await store.alerts.insert([alert(1)], { group: true });

    await expect(
      store.transaction(async (tx) => {
        expect((await tx.backlog.take(10)).items).toHaveLength(1);
        throw new Error('grouping failed');
      }),
    ).rejects.toThrow('grouping failed');

    expect(await store.backlog.waiting()).toBe(1);
  });
});
