import { describe, expect, it } from '@jest/globals';
import { storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { Job, Lease } from '../../../src/triage/ports/index.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const LEASE = 30_000;

const lease = (job: Job, workerId: string): Lease => ({ id: job.id, workerId, attempts: job.attempts });

describe.each(storeBackends())('outbox: latest job of a key, releasing stale leases (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('reports the newest job of a coalesce key with its state', async () => {
    const store = await env.fresh();
    expect(await store.outbox.latest('post:g1')).toBeUndefined();
    await store.outbox.enqueue({ kind: 'slack.group.post', payload: {}, coalesceKey: 'post:g1' }, at(0));
    expect(await store.outbox.latest('post:g1')).toMatchObject({ state: 'pending', doneAt: null });

    const [job] = await store.outbox.claim({ workerId: 'w', now: at(1), leaseMs: LEASE, limit: 1 });
    if (job === undefined) throw new Error('no job');
    expect(await store.outbox.latest('post:g1')).toMatchObject({ state: 'leased' });
    await store.outbox.fail(lease(job, 'w'), at(2), 'channel_not_found');
    expect(await store.outbox.latest('post:g1')).toMatchObject({ state: 'dead', doneAt: at(2) });

    const again = await store.outbox.enqueue(
      { kind: 'slack.group.post', payload: {}, coalesceKey: 'post:g1' },
      at(70),
    );
    expect(await store.outbox.latest('post:g1')).toMatchObject({ id: again.id, state: 'pending' });
  });

  it('releases leases left by a dead process, superseding a job a newer one replaces', async () => {
    const store = await env.fresh();
    await store.outbox.enqueue(
      { kind: 'slack.group.post', payload: { n: 1 }, orderingKey: 'channel:C1' },
      at(0),
    );
    await store.outbox.enqueue(
      { kind: 'slack.group.update', payload: { n: 1 }, coalesceKey: 'update:g1' },
      at(0),
    );
    const claimed = await store.outbox.claim({ workerId: 'dead', now: at(1), leaseMs: LEASE, limit: 10 });
    expect(claimed).toHaveLength(2);
    // While the update was leased, a newer update of the same message was queued.
    const newer = await store.outbox.enqueue(
      { kind: 'slack.group.update', payload: { n: 2 }, coalesceKey: 'update:g1' },
      at(2),
    );

    expect(await store.outbox.releaseLeases(at(3))).toBe(2);

    const [post, update] = claimed;
    expect(await store.outbox.get(post?.id ?? 0)).toMatchObject({ state: 'pending', lockedBy: null });
    expect(await store.outbox.get(update?.id ?? 0)).toMatchObject({ state: 'superseded', doneAt: at(3) });
    const next = await store.outbox.claim({ workerId: 'alive', now: at(3), leaseMs: LEASE, limit: 10 });
    expect(next.map((job) => job.id).sort()).toEqual([post?.id, newer.id].sort());
    // The dead process's lease can no longer finish the job.
    if (post === undefined) throw new Error('no post');
    expect(await store.outbox.complete(lease(post, 'dead'), at(4))).toBe(false);
  });
});
